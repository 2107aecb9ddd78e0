"""Calendar files as each state needs them, in Chromium: the message after calling a meeting
off links to the file that takes it out (passing axe), a cancelled or not-held meeting offers
to take it out, /events/ offers "Add to calendar" only with a place, and withdrawing
promises a file only for meetings that are off."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MeetingStatus
from mentoring.services.meetings import meeting_reschedule
from tests.e2e.conftest import (
    DESKTOP,
    NARROW,
    check_both_widths,
    overflow,
    sign_in,
    skip_to_main,
    tab_to,
)
from tests.factories import (
    PASSWORD,
    EventFactory,
    MeetingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _cancel_by_keyboard(page, meeting, button: str) -> None:
    page.goto(reverse("meeting_detail", args=[meeting.pk]))
    skip_to_main(page)
    tab_to(page, rf"^{button}$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(button)
    check_both_widths(page)
    tab_to(page, r"^$")  # the reason box
    page.keyboard.type("Exam board")
    tab_to(page, rf"^{button}$")
    page.keyboard.press("Enter")
    page.wait_for_url("**/match/")


def test_cancelling_a_booked_meeting_offers_its_calendar_file_in_the_message(page, cast):
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    sign_in(page, cast.mentor.email, PASSWORD)
    _cancel_by_keyboard(page, booked, "Cancel the meeting")
    status = page.get_by_role("status")
    expect(status).to_contain_text("The meeting is cancelled and your partner has been told.")
    link = status.get_by_role("link", name=re.compile(r"calendar file"))
    expect(link).to_have_attribute("href", reverse("meeting_calendar", args=[booked.pk]))
    page.set_viewport_size(NARROW)
    assert overflow(page) <= 0
    page.set_viewport_size(DESKTOP)
    # Reachable: first thing after skipping to the main content.
    skip_to_main(page)
    page.keyboard.press("Tab")
    assert link.evaluate("e => e === document.activeElement")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    body = download.value.path().read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in body

    page.goto(reverse("meeting_detail", args=[booked.pk]))
    expect(page.get_by_role("link", name="Take it out of your calendar (.ics)")).to_be_visible()
    check_both_widths(page)


def test_the_message_with_its_calendar_link_passes_axe(page, cast):
    """The link in the green success message: axe's colour contrast."""
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    sign_in(page, cast.mentor.email, PASSWORD)
    _cancel_by_keyboard(page, booked, "Cancel the meeting")
    expect(page.get_by_role("status").get_by_role("link")).to_be_visible()
    check_both_widths(page)


def test_a_meeting_logged_as_not_held_is_not_offered_to_add_a_file_that_cancels_it(page, cast):
    """Its calendar file now says CANCELLED (not held): the link should not say "Add"."""
    met = MeetingFactory(
        match=cast.pair, starts_at=timezone.now() - timedelta(days=3), status="not_held"
    )
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_detail", args=[met.pk]))
    link = page.get_by_role("link", name=re.compile(r"calendar \(\.ics\)"))
    with page.expect_download() as download:
        link.click()
    body = download.value.path().read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in body
    expect(link).not_to_have_text("Add to your calendar (.ics)")


def test_the_board_member_sees_the_cancelled_meeting_sensibly(page, cast):
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    from mentoring.services.meetings import meeting_cancel

    meeting_cancel(meeting=booked, by=cast.mentor, reason="Exam board")
    sign_in(page, cast.board_member.email, PASSWORD)
    page.goto(reverse("meeting_detail", args=[booked.pk]))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Cancelled by Maya Mentor")
    expect(page.get_by_role("link", name="Take it out of your calendar (.ics)")).to_be_visible()
    expect(page.get_by_role("button", name="Accept this time")).to_have_count(0)
    check_both_widths(page)


def test_declining_a_proposal_offers_its_calendar_file_in_the_message(page, cast):
    proposal = MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(days=9),
        status="proposed",
        proposed_by=cast.board_member,
    )
    sign_in(page, cast.mentor.email, PASSWORD)
    _cancel_by_keyboard(page, proposal, "Decline this time")
    status = page.get_by_role("status")
    expect(status).to_contain_text("You declined the time proposed and your partner has been told.")
    expect(status.get_by_role("link", name=re.compile("calendar file"))).to_be_visible()
    page.goto(reverse("meeting_detail", args=[proposal.pk]))
    expect(page.get_by_role("main")).to_contain_text("Declined by you")
    check_both_widths(page)


def test_a_meeting_the_partner_moved_and_the_person_drops(page, cast, mailoutbox):
    from mentoring.services.meetings import When

    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    new = timezone.localtime(booked.starts_at + timedelta(days=2))
    meeting_reschedule(
        meeting=booked,
        by=cast.board_member,
        when=When(starts_at=new, minutes=60, location="Room 1", online_url=""),
        reason="Clash",
    )
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_detail", args=[booked.pk]))
    expect(page.get_by_role("button", name="Accept this time")).to_be_visible()
    # The booked time no longer stands: turning the new one down cancels the meeting.
    expect(page.get_by_role("main")).to_contain_text(
        "This meeting, booked for "
        f"{timezone.localtime(booked.starts_at):%A %-d %B, %H:%M}, has been moved. The earlier "
        "time no longer stands."
    )
    expect(page.get_by_role("link", name="Cancel the meeting")).to_be_visible()
    check_both_widths(page)
    _cancel_by_keyboard(page, booked, "Cancel the meeting")
    booked.refresh_from_db()
    assert booked.status == MeetingStatus.DROPPED


def test_add_to_calendar_shows_only_for_a_place_held(page, cast):
    held = EventFactory(programme=cast.programme, title="Held evaluation", kind="evaluation")
    RegistrationFactory(event=held, person=cast.mentor)
    EventFactory(programme=cast.programme, title="Open session", kind="evaluation")
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto("/events/")
    expect(page.get_by_role("link", name="Add to calendar (Held evaluation)")).to_be_visible()
    expect(page.get_by_role("link", name="Add to calendar (Open session)")).to_have_count(0)
    check_both_widths(page)


def test_the_withdraw_page_promises_a_calendar_file_only_when_there_are_meetings_off(
    page, cast, mailoutbox
):
    """Maya's pair with Bola has no meeting to come: no calendar file is sent, so none is
    promised."""
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(f"/apply/withdraw/?programme={cast.programme.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your application?")
    check_both_widths(page)
    promised = "you are emailed a calendar file" in page.get_by_role("main").inner_text()
    skip_to_main(page)
    tab_to(page, r"^Yes, withdraw my application$")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    sent = [
        m
        for m in mailoutbox
        if cast.mentor.email in m.to and any(name.endswith(".ics") for name, *_ in m.attachments)
    ]
    assert not promised or sent, (
        "the page promised Maya a calendar file, and none came (no meetings were off)"
    )
