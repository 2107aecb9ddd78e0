"""Enter in a text field does not send a form that emails someone: only its button does."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_enter_in_the_place_field_does_not_propose_the_meeting(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_new", args=[cast.pair.pk]))
    day = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Place").fill("Room 2.14")

    page.get_by_label("Place").press("Enter")
    page.wait_for_timeout(500)

    assert not Meeting.objects.filter(match=cast.pair).exists()
    page.get_by_role("button", name="Propose this meeting").click()
    page.wait_for_url("**/meetings/*/")
    assert Meeting.objects.filter(match=cast.pair, location="Room 2.14").count() == 1


def test_enter_in_the_details_saves_the_details_not_the_profile_above(page, cast):
    """The profile page is one form with a Save button per section: Enter in a section's
    field saves that section, as its button would, not the programme profile above it."""
    member = cast.board_member
    sign_in(page, member.email, PASSWORD)
    page.goto(reverse("profile"))
    page.get_by_label("Full name").fill("Bola Adebayo-Board")

    page.get_by_label("Full name").press("Enter")

    page.get_by_text("Your details are saved.").wait_for()
    member.refresh_from_db()
    assert member.full_name == "Bola Adebayo-Board"
