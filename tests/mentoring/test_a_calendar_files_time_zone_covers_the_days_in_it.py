"""A calendar file defines its time zone (VTIMEZONE) over the days of the entries in it, so
that a calendar app following the file's own definition puts each at its London time. The
definition icalendar writes by default stops in 2038 (and says so), while the office may set
an event up to 2100: a briefing at 10:00 on 5 July 2040 read as 11:00."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from mentoring.calendar import event_ics, meeting_ics
from tests.factories import EventFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def offset_in_file(content: bytes, moment: datetime) -> timedelta:
    """The UTC offset the file's own VTIMEZONE gives the wall-clock time of `moment`, as
    RFC 5545 reads it: that of the latest observance begun by then (its DTSTART or an RDATE;
    the files written here hold no RRULE)."""
    onsets = []
    for zone in Calendar.from_ical(content).walk("VTIMEZONE"):
        for observance in zone.subcomponents:
            assert "RRULE" not in observance
            starts = [observance["DTSTART"].dt]
            rdates = observance.get("RDATE") or []
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                starts += [item.dt for item in rdate.dts]
            onsets += [
                (start.replace(tzinfo=None), observance["TZOFFSETTO"].td) for start in starts
            ]
    local = moment.replace(tzinfo=None)
    return max(onset for onset in onsets if onset[0] <= local)[1]


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime(2040, 7, 5, 10, tzinfo=LONDON),
        datetime(2040, 12, 5, 10, tzinfo=LONDON),
        datetime(2099, 6, 1, 9, tzinfo=LONDON),
    ],
    ids=["summer 2040", "winter 2040", "summer 2099"],
)
def test_an_event_far_ahead_is_at_its_london_time_in_its_file(cast, starts_at):
    event = EventFactory(
        programme=cast.programme, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )

    content = event_ics(event)

    assert offset_in_file(content, starts_at) == starts_at.utcoffset()
    assert b"2038" not in content


@pytest.mark.parametrize(
    ("starts_at", "offset"),
    [
        (datetime(2026, 10, 24, 10, tzinfo=LONDON), timedelta(hours=1)),
        (datetime(2026, 10, 26, 10, tzinfo=LONDON), timedelta(0)),
    ],
    ids=["the Saturday before", "the Monday after"],
)
def test_a_meeting_either_side_of_the_clock_change_is_at_its_london_time(cast, starts_at, offset):
    """Summer time ends on Sunday 25 October 2026."""
    meeting = MeetingFactory(match=cast.pair, starts_at=starts_at)

    content = meeting_ics(meeting, cast.mentor)

    assert offset_in_file(content, starts_at) == offset
