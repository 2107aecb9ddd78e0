"""An applicant whose line manager's email bounced is told so on /apply/ (the address may be
mistyped; the office corrects it), not told to ask them to look out for it."""

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.factories import bounced, line_manager_emailed

pytestmark = pytest.mark.django_db


APPLY = f"{reverse('apply')}?programme=pilot"


@pytest.fixture
def bounced_request(cast):
    """Olu's application, sent with a mistyped line manager's address: the email bounced."""
    request = line_manager_emailed(cast.programme, cast.outsider)
    bounced(request.message)
    return request


def test_an_applicant_whose_line_managers_email_bounced_is_not_told_it_reached_them(
    client, cast, bounced_request
):
    """The office reads "Not delivered to …"; the applicant, on /apply/, was told "we have
    emailed lee.manger@…; you may like to tell them to look out for it": a wait for an email
    that will never arrive, and no word that the address looks wrong."""
    client.force_login(cast.outsider)

    page = words(client.get(APPLY).content.decode())

    assert "look out for it" not in page
    assert "not delivered" in page.lower()
