"""An applicant whose line manager's email bounced is told so on /apply/ (the address may be
mistyped; the office corrects it), not told to ask them to look out for it."""

import pytest
from django.urls import reverse

from accounts.models import OutboxStatus
from mentoring.models import (
    LineManagerRequest,
)
from mentoring.services.applications import application_submit
from tests.admin_pages import words
from tests.factories import (
    DraftApplicationFactory,
)

pytestmark = pytest.mark.django_db


APPLY = f"{reverse('apply')}?programme=pilot"


@pytest.fixture
def bounced_request(cast):
    """Olu's application, sent with a mistyped line manager's address: the email bounced."""
    programme = cast.programme
    programme.line_manager_agreement, programme.line_manager_silence_days = True, 10
    programme.save()
    draft = DraftApplicationFactory(
        programme=programme,
        applicant=cast.outsider,
        line_manager_name="Lee Manager",
        line_manager_email="lee.manger@example.org",  # mistyped
    )
    application_submit(application=draft)
    request = LineManagerRequest.objects.select_related("message").get(application=draft)
    message = request.message
    message.status, message.last_error = OutboxStatus.FAILED, "550 No such user"
    message.save(update_fields=["status", "last_error"])
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
