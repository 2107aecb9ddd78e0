"""A meeting called off before its time is not a past meeting: the pair page and the
schedule list it apart ("Called off"), soonest first, and keep the past ones newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _link(meeting) -> str:
    return f'href="{reverse("meeting_detail", args=[meeting.pk])}"'


def _list_after(page: str, heading: str) -> str:
    start = page.index(heading)
    return page[start : page.index("</ul>", start)]


@pytest.fixture
def meetings(cast):
    now = timezone.now()
    october = HeldMeetingFactory(match=cast.pair, starts_at=now - timedelta(days=80))
    november = HeldMeetingFactory(match=cast.pair, starts_at=now - timedelta(days=30))
    called_off_earlier = MeetingFactory(
        match=cast.pair,
        starts_at=now - timedelta(days=50),
        status="cancelled",
        cancelled_by=cast.board_member,
        cancelled_at=now - timedelta(days=52),
    )
    january = MeetingFactory(
        match=cast.pair,
        starts_at=now + timedelta(days=60),
        status="cancelled",
        cancelled_by=cast.board_member,
        cancelled_at=now,
    )
    march = MeetingFactory(
        match=cast.pair,
        starts_at=now + timedelta(days=120),
        status="dropped",
        cancelled_by=cast.mentor,
        cancelled_at=now,
    )
    return october, november, called_off_earlier, january, march


@pytest.mark.parametrize(
    ("page", "past_heading"), [("match", "Past meetings"), ("meetings", "Earlier")]
)
def test_a_meeting_called_off_before_its_time_is_listed_apart_from_the_past(
    maya, meetings, page, past_heading
):
    october, november, called_off_earlier, january, march = meetings

    html = maya.get(reverse(page)).content.decode()

    past = _list_after(html, past_heading)
    called_off = _list_after(html, "Not going ahead:")
    assert _link(january) not in past
    assert _link(march) not in past
    assert past.index(_link(november)) < past.index(_link(called_off_earlier))
    assert past.index(_link(called_off_earlier)) < past.index(_link(october))
    assert called_off.index(_link(january)) < called_off.index(_link(march))
    assert _link(november) not in called_off
    assert _link(called_off_earlier) not in called_off
    assert html.count(_link(january)) == 1
