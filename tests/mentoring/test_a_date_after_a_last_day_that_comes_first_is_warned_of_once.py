"""A date proposed after the programme's last day is warned of once: as after the last day,
not also as before the first day the meeting is due, or after the date it is due by. Maya and
Bola last met on 10 November 2026, so their next meeting is due between 22 December 2026
and 5 January 2027; today is 1 December, and the programme's last day is 11 December, before
the due dates: the page asks them to meet by then, so "early" means nothing past it.
Where a date falls is one rule (`cadence.placing`), table-tested below."""

from datetime import date

import pytest
from django.urls import reverse

from mentoring.cadence import LastDay, Placing, Window, placing
from tests.meetings import proposal_answers
from tests.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

EARLY = "the first day this meeting is due"
LATE = "is after the due date"


@pytest.mark.parametrize(
    ("day", "said"),
    [
        pytest.param(
            date(2026, 12, 14),
            "Monday 14 December 2026 is after 11 December 2026, the last day of 2026/27 pilot.",
            id="after-the-last-day-before-the-due-dates",
        ),
        pytest.param(
            date(2027, 1, 6),
            "Wednesday 6 January 2027 is after 11 December 2026, the last day of 2026/27 pilot.",
            id="after-the-last-day-and-the-due-dates",
        ),
    ],
)
def test_a_date_after_a_last_day_before_the_due_dates_gets_one_warning(
    met_three_weeks_ago, cast, maya, day, said
):
    cast.programme.ends_on = date(2026, 12, 11)
    cast.programme.save(update_fields=["ends_on"])

    page = page_text(maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(day)))

    assert said in page
    assert EARLY not in page
    assert LATE not in page
    assert "Check the warning, then tick" in page


WINDOW = Window(opens=date(2026, 12, 22), closes=date(2027, 1, 5))
TODAY = date(2026, 12, 1)


def last(day: date) -> LastDay:
    return LastDay(programme="2026/27 pilot", day=day)


@pytest.mark.parametrize(
    ("day", "today", "last_day", "placed"),
    [
        pytest.param(date(2026, 12, 23), TODAY, None, Placing.FITS, id="in-the-window"),
        pytest.param(date(2026, 12, 10), TODAY, None, Placing.EARLY, id="before-the-window"),
        pytest.param(date(2027, 1, 6), TODAY, None, Placing.LATE, id="after-the-window"),
        pytest.param(
            date(2027, 1, 6), date(2027, 1, 6), None, Placing.FITS, id="the-window-has-closed"
        ),
        # A last day before the window opens: a date by it is what the page asks for.
        pytest.param(date(2026, 12, 11), TODAY, last(date(2026, 12, 11)), Placing.FITS, id="by-it"),
        pytest.param(
            date(2026, 12, 14),
            TODAY,
            last(date(2026, 12, 11)),
            Placing.AFTER_THE_LAST_DAY,
            id="after-it-before-the-window",
        ),
        pytest.param(
            date(2027, 1, 6),
            TODAY,
            last(date(2026, 12, 11)),
            Placing.AFTER_THE_LAST_DAY,
            id="after-it-and-the-window",
        ),
        # A last day within the window, or after it.
        pytest.param(
            date(2026, 12, 23),
            TODAY,
            last(date(2027, 1, 1)),
            Placing.FITS,
            id="in-the-window-by-it",
        ),
        pytest.param(
            date(2027, 1, 4),
            TODAY,
            last(date(2027, 1, 1)),
            Placing.AFTER_THE_LAST_DAY,
            id="in-the-window-after-it",
        ),
        pytest.param(
            date(2026, 12, 10), TODAY, last(date(2027, 3, 1)), Placing.EARLY, id="early-by-it"
        ),
        pytest.param(
            date(2027, 1, 6), TODAY, last(date(2027, 3, 1)), Placing.LATE, id="late-by-it"
        ),
        # Once the last day has passed, every date is after it: the window alone decides.
        pytest.param(
            date(2026, 12, 10),
            TODAY,
            last(date(2026, 11, 30)),
            Placing.EARLY,
            id="early-after-it-passed",
        ),
        pytest.param(
            date(2026, 12, 23),
            TODAY,
            last(date(2026, 11, 30)),
            Placing.FITS,
            id="in-the-window-after-it-passed",
        ),
    ],
)
def test_a_date_is_placed_against_the_due_dates_and_the_last_day_once(day, today, last_day, placed):
    assert placing(day, today, window=WINDOW, last_day=last_day) == placed


def test_a_date_with_no_window_is_placed_against_the_last_day_alone():
    assert placing(date(2026, 12, 14), TODAY, window=None, last_day=None) == Placing.FITS
    assert (
        placing(date(2026, 12, 14), TODAY, window=None, last_day=last(date(2026, 12, 11)))
        == Placing.AFTER_THE_LAST_DAY
    )
