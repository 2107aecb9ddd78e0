"""Once a partner has deleted their account, their name is gone (accounts anonymises it):
the meeting pages, the calendar feed and the person's own data speak of "your partner, who
has since deleted their account", never of the placeholder the account keeps."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.services import account_delete
from mentoring.services.pairs import calendar_feed_for
from tests.factories import ActionStepFactory, HeldMeetingFactory

pytestmark = pytest.mark.django_db

SPOKEN_OF = "your partner, who has since deleted their account"


@pytest.fixture
def meeting(cast):
    """Maya and Bola's last meeting, logged by Bola, who took on an action step; then Bola
    deleted their account (which ends the pair)."""
    meeting = HeldMeetingFactory(
        match=cast.pair,
        actual_minutes=60,
        logged_by=cast.board_member,
        logged_at=timezone.now(),
    )
    ActionStepFactory(meeting=meeting, owner="board_member", created_by=cast.board_member)
    account_delete(user=cast.board_member, by=cast.board_member)
    return meeting


def test_the_meeting_page_says_with_your_partner_who_deleted_their_account(client, cast, meeting):
    client.force_login(cast.mentor)

    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()

    assert f"{cast.programme.name} · with {SPOKEN_OF}</p>" in page
    assert f"Logged by {SPOKEN_OF}." in page
    assert "· your partner · due" in page  # the action step Bola took on
    assert "Deleted" not in page


def test_the_calendar_feed_names_no_placeholder(client, cast, meeting):
    token = calendar_feed_for(cast.mentor).token

    feed = client.get(f"{reverse('calendar_feed')}?token={token}").content

    meetings = [
        str(item["SUMMARY"])
        for item in Calendar.from_ical(feed).walk("VEVENT")
        if str(item["UID"]).startswith("meeting-")
    ]
    assert meetings == [f"Reverse mentoring with {SPOKEN_OF}"]


def test_the_personal_data_export_names_no_placeholder(client, cast, meeting):
    client.force_login(cast.mentor)

    text = client.get("/profile/data.json").content.decode()

    [pair] = json.loads(text)["pairs"]
    assert pair["partner"] == SPOKEN_OF
    assert "Deleted account" not in text
