"""A meeting still to come when the programme office ends the pairing is called off by
nobody in the pair: its page says it was called off when the pairing ended, not that
someone nameless did not take it up. A meeting a member cancelled still names them."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.services.matches import match_end
from mentoring.services.meetings import meeting_cancel
from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(cast):
    """Maya and Bola's meeting next week; then the office ends their pairing."""
    meeting = MeetingFactory(match=cast.pair)
    match_end(match=cast.pair, reason="withdrawn", by=cast.coordinator)
    return meeting


@pytest.mark.parametrize("member", ["mentor", "board_member"])
def test_its_page_says_it_was_called_off_when_the_pairing_ended(client, cast, booked, member):
    client.force_login(getattr(cast, member))

    page = words(client.get(reverse("meeting_detail", args=[booked.pk])).content.decode())

    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Called off when the pairing ended on {today}." in page
    assert "Not taken up" not in page
    assert " by on " not in page


def test_its_status_in_the_persons_own_data_says_called_off(client, cast, booked):
    client.force_login(cast.mentor)

    [pair] = json.loads(client.get("/profile/data.json").content)["pairs"]

    assert [meeting["status"] for meeting in pair["meetings"]] == ["Called off"]


def test_a_meeting_a_member_cancelled_still_says_who_and_lists_as_cancelled(client, cast):
    meeting = MeetingFactory(match=cast.pair)
    meeting_cancel(meeting=meeting, by=cast.board_member, reason="")
    client.force_login(cast.mentor)

    detail = words(client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode())
    pair_page = words(client.get(reverse("match")).content.decode())
    schedule = words(client.get(reverse("meetings")).content.decode())

    assert "Cancelled by Bola Board on" in detail
    for page in (pair_page, schedule):
        assert "Not going ahead: " in page
        assert "Cancelled" in page.split("Not going ahead: ")[1]
