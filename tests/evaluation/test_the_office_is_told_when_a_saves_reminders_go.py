"""A save that emails people says when, in one way, true at the hour it is made: by day,
within a few minutes, when the reminders next run; in the night (or so near it that the
next run may fall in it), at 08:00 in the programme's time zone, that morning or the next
(no reminders about a day go at night). Not "at once" and "from 08:00" together
(`mentoring.reminders.rules.reminders_go_in_words`)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentoring.reminders.rules import reminders_go_in_words
from tests.admin_pages import sign_in_for_real
from tests.surveys import ADD, new_survey, shown

LONDON = ZoneInfo("Europe/London")
WITHIN_MINUTES = "within a few minutes, when the reminders next run"
NIGHT = "(reminders like these wait for the morning)"


def in_london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("now", "said"),
    [
        (in_london(2027, 6, 9, 6, 30), f"at 08:00 BST today {NIGHT}"),
        (in_london(2027, 6, 9, 8, 0), WITHIN_MINUTES),
        # The next run, up to REMINDERS_EVERY_MINUTES (5) away, comes before 21:00.
        (in_london(2027, 6, 9, 20, 54), WITHIN_MINUTES),
        # It may come at 21:00 or later, when survey reminders wait for the morning.
        (in_london(2027, 6, 9, 20, 59), f"at 08:00 BST tomorrow {NIGHT}"),
        (in_london(2027, 6, 9, 21, 0), f"at 08:00 BST tomorrow {NIGHT}"),
        (in_london(2027, 12, 9, 6, 30), f"at 08:00 GMT today {NIGHT}"),
        # The clocks go forward in the night: 08:00 the next morning is summer time.
        (in_london(2027, 3, 27, 23, 0), f"at 08:00 BST tomorrow {NIGHT}"),
    ],
)
def test_when_the_reminders_go_is_said_for_the_hour_of_the_save(now, said):
    assert reminders_go_in_words(now, LONDON) == said


@pytest.mark.django_db
def test_a_survey_opened_at_half_past_six_says_its_people_are_emailed_at_eight(client, cast):
    early = datetime(2027, 6, 9, 6, 30, tzinfo=LONDON)
    with time_machine.travel(early, tick=False):
        sign_in_for_real(client, cast, "coordinator")
        page = client.post(ADD, new_survey(cast, early - timedelta(hours=1)))

    said = shown(page)
    assert (
        "Opening it now emails the 4 people it asks that it is open at 08:00 BST today "
        f"{NIGHT}; they can answer it from now on." in said
    )
    assert "every few minutes" not in said
