"""Reminders about a day go from 08:00 to 21:00, never at night: one that becomes due late
in the evening (a meeting cancelled at 23:30, leaving the pair with nothing booked) goes at
08:00 the next morning."""

from datetime import datetime, time, timedelta

import pytest

from mentoring.models import Match
from mentoring.reminders.rules import at_night
from tests.factories import HeldMeetingFactory, MeetingFactory
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hour", "minute", "night"),
    [(7, 59, True), (8, 0, False), (20, 59, False), (21, 0, True), (23, 59, True)],
)
def test_the_night_runs_from_nine_in_the_evening_to_eight_in_the_morning(hour, minute, night):
    moment = datetime.combine(MONDAY.date(), time(hour, minute), tzinfo=LONDON)
    assert at_night(moment, LONDON) is night


def test_a_pair_whose_meeting_is_cancelled_late_in_the_evening_is_nudged_in_the_morning(
    cast, clock, dispatch, mailoutbox
):
    evening = datetime.combine(MONDAY.date(), time(23, 30), tzinfo=LONDON)
    clock.move_to(evening - timedelta(hours=1), tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=evening - timedelta(days=120))
    HeldMeetingFactory(match=cast.pair, starts_at=evening - timedelta(weeks=6, days=3))
    MeetingFactory(
        match=cast.pair,
        starts_at=evening + timedelta(days=5),
        status="cancelled",
        cancelled_by=cast.mentor,
        cancelled_at=evening,
    )

    def to_maya():
        return [m.subject for m in mailoutbox if m.to == ["maya@example.org"]]

    clock.move_to(evening + timedelta(minutes=5), tick=False)
    dispatch()
    assert to_maya() == []

    clock.move_to(evening.replace(hour=8, minute=5) + timedelta(days=1), tick=False)
    dispatch()
    assert to_maya() == ["Time to book your next meeting with Bola Board"]
