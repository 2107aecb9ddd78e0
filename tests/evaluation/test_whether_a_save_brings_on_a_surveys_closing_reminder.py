"""`save_effect` is the one rule for what saving a survey does at once, the "closing soon"
reminder it brings on included (`SaveEffect.REMINDS`), as the reminders say it
(`closing_reminder_brought_on`): a save moving an open survey's last day so near that the
reminder goes at the next sending (now by day; at 08:00 for a save in the night, that
morning's or the next). A last day moved again within its last days brings on nothing: the
reminder went with the old one already."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evaluation.models import SaveEffect, save_effect
from evaluation.reminders import closing_reminder_brought_on
from mentoring.reminders.rules import next_sending

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 6, day, hour, minute, tzinfo=LONDON)


# Open from Monday 7 June to the end of Saturday 26 June: its reminder due on Thursday 24th.
OPENS, THREE_WEEKS = at(7, 0), at(27, 0)
# Its last day moved to Friday 11 June: the reminder is due on Wednesday 9 June, from 08:00.
FRIDAY = at(12, 0)
# Its last day moved from Saturday 12 June (reminder due on Thursday 10 June) to Friday.
SATURDAY = at(13, 0)


@pytest.mark.parametrize(
    ("was_closes_at", "now", "brought_on"),
    [
        (THREE_WEEKS, at(9, 6, 30), True),  # goes at 08:00 today
        (THREE_WEEKS, at(9, 12), True),  # goes within minutes
        (THREE_WEEKS, at(8, 22), True),  # goes at 08:00 tomorrow
        (THREE_WEEKS, at(8, 12), False),  # due tomorrow: not the save's doing
        (SATURDAY, at(10, 12), False),  # it went on Thursday already
        (SATURDAY, at(9, 12), True),  # Thursday's not due yet
    ],
)
def test_a_save_brings_the_closing_reminder_on_when_its_last_day_moves_near(
    was_closes_at, now, brought_on
):
    assert (
        closing_reminder_brought_on(
            was_opens_at=OPENS,
            was_closes_at=was_closes_at,
            opens_at=OPENS,
            closes_at=FRIDAY,
            sending=next_sending(now, LONDON),
            zone=LONDON,
        )
        is brought_on
    )


@pytest.mark.parametrize(("brought_on", "effect"), [(True, SaveEffect.REMINDS), (False, None)])
def test_a_save_of_an_open_survey_reminds_when_it_brings_the_reminder_on(brought_on, effect):
    assert (
        save_effect(
            opens_at=OPENS,
            closes_at=FRIDAY,
            now=at(9, 12),
            was_opens_at=OPENS,
            was_closes_at=THREE_WEEKS,
            brings_on_closing_reminder=brought_on,
        )
        == effect
    )


def test_a_new_survey_opens_rather_than_reminds():
    assert (
        save_effect(
            opens_at=OPENS, closes_at=FRIDAY, now=at(9, 12), brings_on_closing_reminder=True
        )
        == SaveEffect.OPENS
    )
