"""A person's download says why a meeting was moved or called off as the meeting's page does
(`Meeting.reason_shown`): a meeting the pairing's end called off gives no reason, though one
was once given for moving it (the page says "Called off when the pairing ended"); one set
aside while the pair went on, or cancelled by a member, gives the reason on both."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import EndReason, MeetingStatus
from mentoring.services.matches import match_end
from mentoring.services.meetings import When, meeting_accept, meeting_cancel, meeting_reschedule
from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

CLASH = "I have a clash with a committee"


def page_and_download(client, person, meeting) -> tuple[str, str]:
    """What the meeting's page says, and its reason in the person's own download (the pair's
    one meeting)."""
    client.force_login(person)
    page = words(client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode())
    [pair] = json.loads(client.get("/profile/data.json").content)["pairs"]
    [exported] = pair["meetings"]
    return page, exported["reason_for_change"]


def test_a_moved_meeting_the_pairings_end_called_off_gives_no_reason_on_either(client, cast):
    meeting = MeetingFactory(match=cast.pair, proposed_by=cast.board_member)
    moved = meeting_reschedule(
        meeting=meeting,
        by=cast.mentor,
        when=When(meeting.starts_at + timedelta(days=1), 60, meeting.location),
        reason=CLASH,
    )
    meeting_accept(meeting=moved, by=cast.board_member)
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, by=cast.coordinator)
    meeting.refresh_from_db()

    page, reason = page_and_download(client, cast.mentor, meeting)

    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Called off when the pairing ended on {today}." in page
    assert CLASH not in page
    assert reason == ""


def test_a_meeting_set_aside_while_the_pair_goes_on_gives_its_reason_on_both(client, cast):
    """Set aside by nobody in the pair (migration 0032's shape), the pair still going."""
    meeting = MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.DROPPED,
        cancelled_at=timezone.now(),
        change_reason="Two meetings had been booked for one start",
    )

    page, reason = page_and_download(client, cast.board_member, meeting)

    assert "Set aside on" in page
    assert ": Two meetings had been booked for one start" in page
    assert reason == "Two meetings had been booked for one start"


def test_a_meeting_a_member_cancelled_gives_their_reason_on_both(client, cast):
    meeting = MeetingFactory(match=cast.pair)
    meeting_cancel(meeting=meeting, by=cast.board_member, reason="Board away day moved")
    meeting.refresh_from_db()

    page, reason = page_and_download(client, cast.mentor, meeting)

    assert "Reason: Board away day moved" in page
    assert reason == "Board away day moved"
