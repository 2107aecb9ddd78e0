"""The line manager's link answers an odd token with "not recognised", never a 500, and the
applicant opening it (answered or not) with the page for them, not thanks for an answer."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import LineManagerRequest
from tests.factories import line_manager_emailed

pytestmark = pytest.mark.django_db


def answer_url(token: str) -> str:
    return reverse("line_manager_answer", args=[token])


@pytest.mark.parametrize(
    "token",
    [
        "x" * 5000,
        "%C3%A9t%C3%A9",
        "%00",
        "..",
        "%F0%9F%98%80",
        "%ED%A0%80",  # a lone surrogate in UTF-8
        "a%0Ab",
    ],
)
def test_an_odd_token_says_the_link_is_not_known(client, cast, token):
    response = client.get(f"/apply/line-manager/{token}/")
    assert response.status_code in (404,)


def test_the_applicant_opening_an_answered_link_is_not_thanked_for_their_answer(client, cast):
    """Olu (the applicant) opens the link after Lee answered "No": the page thanks them for
    "Your answer for Olu Outsider ... you did not agree", as if Olu had answered."""
    request = line_manager_emailed(cast.programme, cast.outsider)
    LineManagerRequest.objects.filter(pk=request.pk).update(
        decision="declined", reason="Busy term", answered_at=timezone.now()
    )
    client.force_login(cast.outsider)
    page = client.get(answer_url(request.token)).content.decode()
    assert "Your answer for" not in page
