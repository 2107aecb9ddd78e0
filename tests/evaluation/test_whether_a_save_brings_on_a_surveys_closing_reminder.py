"""`save_effect` is the one rule for what saving a survey does at once, the "closing soon"
reminder it brings on included (`SaveEffect.REMINDS`): a save moving an open survey's last
day so near that the reminder goes at the next sending (now by day; at 08:00 for a save in
the night, that morning's or the next), to people who are emailed at all. A last day moved
again within its last days brings on nothing: everyone was reminded already, once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evaluation.models import SaveEffect, save_effect

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
    ("was_closes_at", "now", "reminded_by_email", "effect"),
    [
        (THREE_WEEKS, at(9, 6, 30), True, SaveEffect.REMINDS),  # goes at 08:00 today
        (THREE_WEEKS, at(9, 12), True, SaveEffect.REMINDS),  # goes within minutes
        (THREE_WEEKS, at(8, 22), True, SaveEffect.REMINDS),  # goes at 08:00 tomorrow
        (THREE_WEEKS, at(8, 12), True, None),  # due tomorrow: not the save's doing
        (THREE_WEEKS, at(9, 12), False, None),  # nobody it asks is emailed
        (SATURDAY, at(10, 12), True, None),  # everyone was reminded on Thursday already
        (SATURDAY, at(9, 12), True, SaveEffect.REMINDS),  # Thursday's not due yet
    ],
)
def test_a_save_reminds_when_it_brings_the_closing_reminder_on(
    was_closes_at, now, reminded_by_email, effect
):
    assert (
        save_effect(
            opens_at=OPENS,
            closes_at=FRIDAY,
            now=now,
            was_opens_at=OPENS,
            was_closes_at=was_closes_at,
            reminded_by_email=reminded_by_email,
        )
        == effect
    )


def test_a_new_survey_opens_rather_than_reminds():
    assert (
        save_effect(opens_at=OPENS, closes_at=FRIDAY, now=at(9, 12), reminded_by_email=True)
        == SaveEffect.OPENS
    )
