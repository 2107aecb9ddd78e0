"""When each reminder is due: the pure rules, table by table, clock changes included."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentoring.reminders.rules import (
    cancelled_twice_by,
    log_reminder_due,
    meeting_reminder_due,
    pair_reminders,
    reminder_day,
)

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def london(*args):
    return datetime(*args, tzinfo=LONDON)


# A meeting on Thursday 29 October 2026 at 10:00, after the clocks went back on the 25th.
MEETING = london(2026, 10, 29, 10, 0)
BOOKED_LONG_AGO = london(2026, 9, 1, 12, 0)


@pytest.mark.parametrize(
    ("now", "booked_at", "days", "until_days", "expected"),
    [
        # A week before, at the meeting's own clock time: 10:00 BST on the 22nd, which is
        # 09:00 UTC (counting 7 x 24 hours back would say 10:00 UTC, an hour late).
        (datetime(2026, 10, 22, 8, 59, tzinfo=UTC), BOOKED_LONG_AGO, 7, 1, None),
        (datetime(2026, 10, 22, 9, 0, tzinfo=UTC), BOOKED_LONG_AGO, 7, 1, date(2026, 10, 22)),
        (london(2026, 10, 25, 18, 0), BOOKED_LONG_AGO, 7, 1, date(2026, 10, 22)),
        # Once the last reminder is due, the first is not sent late as well.
        (london(2026, 10, 28, 10, 0), BOOKED_LONG_AGO, 7, 1, None),
        # The last reminder: the day before, at 10:00.
        (london(2026, 10, 28, 9, 59), BOOKED_LONG_AGO, 1, None, None),
        (london(2026, 10, 28, 10, 0), BOOKED_LONG_AGO, 1, None, date(2026, 10, 28)),
        (london(2026, 10, 29, 9, 59), BOOKED_LONG_AGO, 1, None, date(2026, 10, 28)),
        # Nothing once the meeting has started.
        (london(2026, 10, 29, 10, 0), BOOKED_LONG_AGO, 1, None, None),
        # Booked three days ahead: no "in a week" reminder, the day-before one still comes.
        (london(2026, 10, 26, 12, 0), london(2026, 10, 26, 11, 0), 7, 1, None),
        (london(2026, 10, 28, 10, 0), london(2026, 10, 26, 11, 0), 1, None, date(2026, 10, 28)),
        # Booked an hour before the last reminder would go: it goes.
        (london(2026, 10, 28, 10, 0), london(2026, 10, 28, 9, 0), 1, None, date(2026, 10, 28)),
    ],
)
def test_a_meeting_is_reminded_of_at_its_own_clock_time(now, booked_at, days, until_days, expected):
    due = meeting_reminder_due(
        starts_at=MEETING,
        booked_at=booked_at,
        now=now,
        days=days,
        zone=LONDON,
        until_days=until_days,
    )

    assert due == expected


def test_a_reminder_across_the_spring_clock_change_keeps_the_clock_time():
    # Tuesday 31 March 2026, 09:30 BST; the clocks went forward on the 29th.
    meeting = london(2026, 3, 31, 9, 30)
    week_before = datetime(2026, 3, 24, 9, 30, tzinfo=UTC)  # 09:30 GMT

    assert meeting_reminder_due(
        starts_at=meeting,
        booked_at=BOOKED_LONG_AGO - timedelta(days=300),
        now=week_before,
        days=7,
        zone=LONDON,
    ) == date(2026, 3, 24)
    assert (
        meeting_reminder_due(
            starts_at=meeting,
            booked_at=BOOKED_LONG_AGO - timedelta(days=300),
            now=week_before - timedelta(minutes=1),
            days=7,
            zone=LONDON,
        )
        is None
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2026, 10, 31, 10, 59), None),
        (london(2026, 10, 31, 11, 0), date(2026, 10, 31)),
        (london(2026, 11, 20, 8, 0), date(2026, 10, 31)),
    ],
)
def test_logging_is_asked_for_two_days_after_the_meeting_ended(now, expected):
    assert (
        log_reminder_due(ends_at=MEETING + timedelta(hours=1), now=now, days=2, zone=LONDON)
        == expected
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2026, 11, 3, 7, 59), date(2026, 11, 2)),
        (london(2026, 11, 3, 8, 0), date(2026, 11, 3)),
        (london(2026, 11, 3, 23, 59), date(2026, 11, 3)),
    ],
)
def test_reminders_about_a_day_go_from_eight_in_the_morning(now, expected):
    assert reminder_day(now, LONDON) == expected


LAST_MET = date(2026, 9, 1)
PAIRED = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("day", "anchor", "first", "expected"),
    [
        # After a meeting, 6 to 8 weeks: the window opens on 13 October, closes 27 October.
        (date(2026, 10, 12), LAST_MET, False, {}),
        (date(2026, 10, 13), LAST_MET, False, {"window_open": date(2026, 10, 13)}),
        (date(2026, 10, 27), LAST_MET, False, {"window_open": date(2026, 10, 13)}),
        (date(2026, 10, 28), LAST_MET, False, {"window_passed": date(2026, 10, 28)}),
        (date(2027, 1, 5), LAST_MET, False, {"window_passed": date(2026, 10, 28)}),
        # A new pair: nudged a week after pairing, while the first window is open…
        (date(2026, 9, 7), PAIRED, True, {}),
        (date(2026, 9, 8), PAIRED, True, {"first_contact": date(2026, 9, 8)}),
        (date(2026, 10, 27), PAIRED, True, {"first_contact": date(2026, 9, 8)}),
        # …and once it has closed, the office hears that the first meeting is overdue.
        (date(2026, 10, 28), PAIRED, True, {"window_passed": date(2026, 10, 28)}),
    ],
)
def test_which_pair_reminder_is_due(day, anchor, first, expected):
    due = pair_reminders(
        day,
        anchor=anchor,
        first=first,
        gap_min_weeks=6,
        gap_max_weeks=8,
        first_contact_days=7,
    )

    found = {name: value for name, value in vars(due).items() if value is not None}
    assert found == expected


MAYA, BOLA = 1, 2


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], None),
        ([("cancelled", MAYA)], None),
        ([("cancelled", MAYA), ("cancelled", MAYA)], MAYA),
        ([("cancelled", MAYA), ("cancelled", BOLA)], None),
        ([("cancelled", MAYA), ("held", None), ("cancelled", MAYA)], None),
        ([("held", None), ("cancelled", BOLA), ("cancelled", BOLA)], BOLA),
        ([("cancelled", BOLA), ("cancelled", BOLA), ("held", None)], None),
        ([("cancelled", None), ("cancelled", None)], None),
    ],
)
def test_two_cancellations_in_a_row_by_the_same_person(history, expected):
    assert cancelled_twice_by(history) == expected
