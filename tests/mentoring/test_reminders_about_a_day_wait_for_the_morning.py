"""Reminders about a day (a window open, a line manager yet to answer, an event tomorrow, a
survey) go from 08:00, never in the night: one that became due late the day before, or in
the night, waits for the morning. A meeting's reminders keep its clock time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentoring.reminders import REGISTRY
from tests.factories import HeldMeetingFactory, MeetingFactory, line_manager_asked

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NIGHT = datetime(2026, 12, 9, 2, 0, tzinfo=LONDON)
MORNING = NIGHT.replace(hour=8)


@pytest.fixture(autouse=True)
def the_evening_before():
    """The people, pairs and meetings are made the evening before NIGHT. Made at the real
    clock once it has passed NIGHT, a meeting held weeks before is logged after the night's
    reminders are written, so they are called off as "the pair has met since"."""
    with time_machine.travel(NIGHT - timedelta(hours=6), tick=False):
        yield


def sent_to(mailoutbox, subject):
    return sorted(address for mail in mailoutbox if subject in mail.subject for address in mail.to)


def test_a_pair_whose_meeting_is_cancelled_in_the_night_is_nudged_in_the_morning(
    cast, dispatch, mailoutbox
):
    """Their window opened days ago; the meeting they had booked is cancelled at 01:30."""
    cast.pair.activated_at = NIGHT - timedelta(days=120)
    cast.pair.save(update_fields=["activated_at"])
    HeldMeetingFactory(match=cast.pair, starts_at=NIGHT - timedelta(weeks=6, days=3))
    MeetingFactory(
        match=cast.pair,
        starts_at=NIGHT + timedelta(days=5),
        status="cancelled",
        cancelled_by=cast.mentor,
        cancelled_at=NIGHT - timedelta(minutes=30),
    )

    with time_machine.travel(NIGHT, tick=False):
        assert dispatch()["window_open"] == 0
    assert sent_to(mailoutbox, "Time to book your next meeting") == []

    with time_machine.travel(MORNING, tick=False):
        assert dispatch()["window_open"] == 2
    assert sent_to(mailoutbox, "Time to book your next meeting") == [
        "bola@example.org",
        "maya@example.org",
    ]


def test_a_line_manager_waiting_since_the_evening_a_week_ago_is_reminded_in_the_morning(
    cast, dispatch, mailoutbox
):
    line_manager_asked(
        cast.programme,
        cast.outsider,
        "boss@example.org",
        sent_at=NIGHT.replace(hour=23, minute=50) - timedelta(days=8),
    )

    with time_machine.travel(NIGHT, tick=False):
        assert dispatch()["line_manager_waiting"] == 0
    with time_machine.travel(MORNING, tick=False):
        assert dispatch()["line_manager_waiting"] == 2
    assert sent_to(mailoutbox, "") == ["boss@example.org", "olu@example.org"]


def test_a_meeting_at_seven_in_the_morning_is_reminded_of_at_seven(cast, dispatch):
    MeetingFactory(
        match=cast.pair,
        starts_at=NIGHT.replace(hour=7) + timedelta(days=1),
        confirmed_at=NIGHT - timedelta(days=20),
    )

    with time_machine.travel(NIGHT.replace(hour=7), tick=False):
        assert dispatch()["meeting_last_reminder"] == 2


def test_the_kinds_that_wait_for_the_morning_are_those_about_a_day():
    assert sorted(name for name, kind in REGISTRY.items() if kind.about_a_day) == [
        "event_tomorrow",
        "first_contact",
        "first_contact_office",
        "line_manager_waiting",
        "survey_closing",
        "survey_open",
        "window_open",
        "window_passed",
    ]
