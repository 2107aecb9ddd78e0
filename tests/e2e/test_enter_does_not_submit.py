"""Enter in a text field does not send a form that emails someone: only its button does.
The programme office's confirmations included."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import Meeting
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, UserFactory, line_manager_asked

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


def test_enter_in_the_line_managers_address_sends_nothing_and_yes_asks_again_naming_it(page, cast):
    """The office sends one line manager's request again, correcting the address: Enter in
    the address box sends nothing; "Yes" first names the corrected address, then sends."""
    waiting = line_manager_asked(
        cast.programme, UserFactory(full_name="Lena Late"), "lee@example.org"
    )
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)
    page.goto(reverse("admin:mentoring_linemanagerrequest_changelist"))
    page.locator(f"input[name='_selected_action'][value='{waiting.pk}']").check()
    page.locator("select[name='action']").select_option("send_again")
    page.get_by_role("button", name="Go").click()
    address = page.get_by_label("Line manager's address")
    address.fill("lee.manager@example.org")

    address.press("Enter")
    page.wait_for_timeout(500)

    # Still the first page, as typed: the form was not sent at all.
    assert page.get_by_text("The address is now").count() == 0
    assert address.input_value() == "lee.manager@example.org"
    assert not OutboxMessage.objects.exists()
    page.get_by_role("button", name="Yes, email 1 line manager").click()
    page.get_by_text("The address is now lee.manager@example.org").wait_for()
    assert not OutboxMessage.objects.exists()
    page.get_by_role("button", name="Yes, email 1 line manager").click()
    page.get_by_text("1 line manager asked again, with a new link.").wait_for()
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["lee.manager@example.org"]
