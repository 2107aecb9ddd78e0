"""The reminders bench (`make bench-reminders`) at a tiny size, so that its code cannot rot:
what it fills is valid, nothing is due until `make_due`, and then exactly what it says."""

import pytest

from bench.reminders import fill, forget_reminders, local_now, make_due
from mentoring.models import Meeting, MeetingStatus, Reminder
from mentoring.reminders import reminders_dispatch

pytestmark = pytest.mark.django_db


def _written(now):
    return {kind: n for kind, n in reminders_dispatch(now).items() if n}


def test_the_bench_fills_a_quiet_database_then_makes_reminders_due():
    now = local_now()
    filled = fill(programmes=2, pairs=3, meetings=4, now=now)

    assert filled.counts == {
        "programmes": 2,
        "people": 12,
        "pairs": 6,
        "meetings": 24,
        "events": 8,
        "registrations": 36,
    }
    assert Meeting.objects.filter(status=MeetingStatus.CANCELLED).count() == 6
    assert Meeting.objects.filter(status=MeetingStatus.CONFIRMED, starts_at__gt=now).count() == 10
    assert _written(now) == {}

    expected = make_due(filled, 4)

    assert expected == {
        "meeting_first_reminder": 4,
        "meeting_last_reminder": 4,
        "event_tomorrow": 6,
    }
    assert _written(now) == expected
    assert Reminder.objects.count() == 14
    assert _written(now) == {}  # once only

    forget_reminders()
    assert _written(now) == expected
