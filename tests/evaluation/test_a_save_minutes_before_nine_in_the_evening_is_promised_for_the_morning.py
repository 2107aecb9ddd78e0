"""The reminders run every REMINDERS_EVERY_MINUTES (5), and survey reminders wait for the
morning from 21:00 (`at_night`). A save made so near 21:00 that the next run may come at
21:00 or later is promised for 08:00 the next morning, not "within a few minutes"; and
whether it brings on a survey's "closing soon" reminder is read at that same sending
(`mentoring.reminders.rules.next_sending`, the one rule for both)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from evaluation.reminders import closing_reminder_brought_on
from mentoring.reminders.rules import next_sending, reminders_go_in_words

LONDON = ZoneInfo("Europe/London")
TOMORROW_MORNING = "at 08:00 BST tomorrow (reminders like these wait for the morning)"
WITHIN_MINUTES = "within a few minutes, when the reminders next run"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 6, day, hour, minute, tzinfo=LONDON)


def runs_every(minutes: int) -> dict:
    schedule = {**settings.CELERY_BEAT_SCHEDULE}
    schedule["send-reminders"] = {
        **schedule["send-reminders"],
        "schedule": timedelta(minutes=minutes),
    }
    return schedule


@pytest.mark.parametrize(
    ("now", "said"),
    [
        (at(9, 20, 54), WITHIN_MINUTES),
        (at(9, 20, 55), TOMORROW_MORNING),  # the next run may be at 21:00
        (at(9, 20, 58), TOMORROW_MORNING),
    ],
)
def test_a_save_whose_next_run_may_fall_at_night_is_promised_for_the_morning(now, said):
    assert reminders_go_in_words(now, LONDON) == said


def test_the_time_it_leaves_is_the_interval_the_reminders_run_at(settings):
    settings.CELERY_BEAT_SCHEDULE = runs_every(15)

    assert reminders_go_in_words(at(9, 20, 44), LONDON) == WITHIN_MINUTES
    assert reminders_go_in_words(at(9, 20, 50), LONDON) == TOMORROW_MORNING


def test_a_last_day_moved_near_at_two_minutes_to_nine_brings_its_reminder_on():
    """An open survey's last day moved, at 20:58 on Tuesday, to Friday: its "closing soon"
    reminder is due from 08:00 on Wednesday, when the next sending is: the office is asked
    first, as for the same save made at 22:00."""
    opens, was_closes, closes = at(7, 0), at(27, 0), at(12, 0)

    brought_on = closing_reminder_brought_on(
        was_opens_at=opens,
        was_closes_at=was_closes,
        opens_at=opens,
        closes_at=closes,
        sending=next_sending(at(8, 20, 58), LONDON),
        zone=LONDON,
    )

    assert brought_on
