"""The pair's rhythm as pure rules: when the next meeting is due, whether a pair is on track,
what clashes, and which dates "Plan the year" offers. No database, no clock."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from mentoring.cadence import (
    Busy,
    PairState,
    Window,
    at_local_time,
    clashes,
    due_window,
    midpoint_days,
    next_working_day,
    pair_state,
    plan_dates,
    window_state,
)

LONDON = ZoneInfo("Europe/London")
# Spring Bank Holiday (31 May), Good Friday and Easter Monday, Christmas and its observed days.
ENGLAND_2027 = holidays.country_holidays("GB", subdiv="ENG", years=2027)

# A programme's usual rhythm: a meeting every six to eight weeks.
GAPS = {"gap_min_weeks": 6, "gap_max_weeks": 8}
# The pair last met on Tuesday 6 October 2026.
HELD_ON = date(2026, 10, 6)


def never_closed(day: date) -> bool:
    return False


# --- due_window -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "first", "gaps", "opens", "closes"),
    [
        pytest.param(
            HELD_ON, False, GAPS, date(2026, 11, 17), date(2026, 12, 1), id="after-a-meeting"
        ),
        pytest.param(
            date(2026, 9, 15),
            True,
            GAPS,
            date(2026, 9, 15),
            date(2026, 11, 10),
            id="first-opens-on-activation",
        ),
        pytest.param(
            HELD_ON,
            False,
            {"gap_min_weeks": 4, "gap_max_weeks": 4},
            date(2026, 11, 3),
            date(2026, 11, 3),
            id="a-one-day-window",
        ),
    ],
)
def test_the_next_meeting_is_due_between_the_shortest_and_longest_gap(
    anchor, first, gaps, opens, closes
):
    assert due_window(anchor, first=first, **gaps) == Window(opens=opens, closes=closes)


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 11, 16), False),
        (date(2026, 11, 17), True),
        (date(2026, 12, 1), True),
        (date(2026, 12, 2), False),
    ],
)
def test_a_window_includes_the_days_it_opens_and_closes(day, inside):
    window = due_window(HELD_ON, **GAPS)

    assert (day in window) is inside


@pytest.mark.parametrize(
    ("day", "today", "late"),
    [
        (date(2026, 12, 1), date(2026, 11, 20), False),  # the day it closes
        (date(2026, 12, 2), date(2026, 11, 20), True),  # the day after, chosen before then
        (date(2026, 12, 2), date(2026, 12, 1), True),
        (date(2026, 12, 9), date(2026, 12, 2), False),  # closed: every day is after it
        (date(2026, 11, 16), date(2026, 11, 10), False),  # before it opens: early, not late
    ],
)
def test_a_day_is_late_when_after_the_window_while_the_window_has_not_closed(day, today, late):
    window = due_window(HELD_ON, **GAPS)  # 17 November to 1 December 2026

    assert window.is_late(day, today) is late


# --- pair_state -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(date(2026, 10, 7), PairState.ON_TRACK, id="the-day-after"),
        pytest.param(date(2026, 11, 16), PairState.ON_TRACK, id="the-eve-of-the-window"),
        pytest.param(date(2026, 11, 17), PairState.DUE, id="the-window-opens"),
        pytest.param(date(2026, 12, 1), PairState.DUE, id="the-window-closes"),
        pytest.param(date(2026, 12, 2), PairState.OVERDUE, id="the-day-after-it-closed"),
        pytest.param(date(2027, 1, 26), PairState.OVERDUE, id="twice-the-longest-gap"),
        pytest.param(date(2027, 1, 27), PairState.DORMANT, id="a-day-beyond-twice-the-gap"),
    ],
)
def test_a_pair_with_nothing_booked_moves_from_on_track_to_dormant(today, state):
    assert pair_state(today, anchor=HELD_ON, next_booked=None, **GAPS) == state


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(date(2026, 11, 10), PairState.DUE, id="before-it-opens"),
        pytest.param(date(2026, 11, 17), PairState.DUE, id="the-day-it-opens"),
        pytest.param(date(2026, 12, 2), PairState.OVERDUE, id="the-day-after-it-closed"),
    ],
)
def test_a_booked_meeting_being_moved_is_due_by_the_close_wherever_its_window_opens(today, state):
    window = Window(opens=date(2026, 11, 17), closes=date(2026, 12, 1), booked_already=True)
    assert window_state(window, today) == state
    assert window_state(Window(opens=window.opens, closes=window.closes), today) == (
        PairState.ON_TRACK if today < window.opens else state
    )


@pytest.mark.parametrize(
    "today",
    [date(2026, 10, 7), date(2026, 11, 20), date(2026, 12, 10), date(2027, 3, 1)],
)
def test_a_pair_with_a_meeting_booked_is_on_track_whatever_the_day(today):
    state = pair_state(today, anchor=HELD_ON, next_booked=date(2027, 3, 9), **GAPS)

    assert state == PairState.ON_TRACK
    assert state.label == "On track"


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(date(2026, 9, 15), PairState.DUE, id="on-the-day-of-activation"),
        pytest.param(date(2026, 11, 10), PairState.DUE, id="the-longest-gap-after"),
        pytest.param(date(2026, 11, 11), PairState.OVERDUE, id="the-day-after"),
        pytest.param(date(2027, 1, 5), PairState.OVERDUE, id="twice-the-longest-gap"),
        pytest.param(date(2027, 1, 6), PairState.DORMANT, id="a-day-beyond-twice-the-gap"),
    ],
)
def test_a_new_pair_is_due_to_meet_from_the_day_it_is_activated(today, state):
    assert pair_state(today, anchor=date(2026, 9, 15), next_booked=None, first=True, **GAPS) == (
        state
    )


def test_each_state_has_a_label_a_person_can_read():
    assert [s.label for s in PairState] == [
        "On track",
        "Due",
        "Overdue",
        "Dormant",
        "Programme closed",
    ]


def test_a_closed_programme_keeps_no_rhythm_even_with_a_meeting_booked():
    later = date(2027, 1, 6)  # dormant, were the programme running
    for booked in (None, later):
        closed = pair_state(
            later, anchor=date(2026, 9, 15), next_booked=booked, programme_closed=True, **GAPS
        )
        assert closed == PairState.CLOSED


# --- clashes --------------------------------------------------------------------------------


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 17, hour, minute, tzinfo=LONDON)


BRIEFING = Busy(at(10), at(11), "Mentor briefing")


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "clashing"),
    [
        pytest.param(at(10, 30), at(11, 30), True, id="overlaps-the-end"),
        pytest.param(at(9, 30), at(10, 30), True, id="overlaps-the-start"),
        pytest.param(at(10, 15), at(10, 45), True, id="falls-inside"),
        pytest.param(at(9), at(12), True, id="covers-it"),
        pytest.param(at(10), at(11), True, id="the-same-time"),
        pytest.param(at(11), at(12), False, id="starts-as-it-ends"),
        pytest.param(at(9), at(10), False, id="ends-as-it-starts"),
        pytest.param(at(14), at(15), False, id="later-that-day"),
    ],
)
def test_a_time_clashes_only_when_it_overlaps_what_is_in_the_diary(starts_at, ends_at, clashing):
    assert clashes(starts_at, ends_at, [BRIEFING]) == ([BRIEFING] if clashing else [])


def test_every_clashing_item_is_named_and_the_rest_are_not():
    meeting = Busy(at(11), at(12), "your meeting with Bola Board")
    lunch = Busy(at(13), at(14), "Board lunch")

    clashing = clashes(at(10, 30), at(11, 30), [BRIEFING, meeting, lunch])

    assert [item.label for item in clashing] == ["Mentor briefing", "your meeting with Bola Board"]


UTC = ZoneInfo("UTC")
# 10:00 to 11:00 in London in July is 09:00 to 10:00 UTC (summer time).
SUMMER_BRIEFING = Busy(
    datetime(2027, 7, 6, 10, tzinfo=LONDON), datetime(2027, 7, 6, 11, tzinfo=LONDON), "Briefing"
)


@pytest.mark.parametrize(
    ("utc_hour", "utc_minute", "clashing"),
    [(9, 30, True), (8, 30, True), (10, 0, False), (8, 0, False)],
)
def test_a_clash_is_judged_on_the_moment_not_the_clock_face(utc_hour, utc_minute, clashing):
    starts_at = datetime(2027, 7, 6, utc_hour, utc_minute, tzinfo=UTC)

    found = clashes(starts_at, starts_at + timedelta(hours=1), [SUMMER_BRIEFING])

    assert found == ([SUMMER_BRIEFING] if clashing else [])


# --- next_working_day -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2027, 6, 9), date(2027, 6, 9), id="a-wednesday-stays"),
        pytest.param(date(2027, 6, 5), date(2027, 6, 7), id="a-saturday-moves-to-monday"),
        pytest.param(date(2027, 5, 31), date(2027, 6, 1), id="a-bank-holiday-moves-a-day"),
        pytest.param(date(2027, 12, 24), date(2027, 12, 24), id="christmas-eve-is-a-working-day"),
        pytest.param(
            date(2027, 12, 25), date(2027, 12, 29), id="christmas-moves-past-its-observed-days"
        ),
    ],
)
def test_the_next_working_day_skips_weekends_and_public_holidays(day, expected):
    assert next_working_day(day, is_closed=ENGLAND_2027.__contains__) == expected


def test_without_holidays_only_weekends_are_skipped():
    assert next_working_day(date(2027, 5, 31), is_closed=never_closed) == date(2027, 5, 31)


# --- plan_dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "every_days", "until", "expected"),
    [
        pytest.param(
            date(2027, 6, 7),
            7,
            date(2027, 6, 28),
            [date(2027, 6, 7), date(2027, 6, 14), date(2027, 6, 21), date(2027, 6, 28)],
            id="working-days-stay-put-and-until-is-included",
        ),
        pytest.param(
            date(2027, 6, 5),
            14,
            date(2027, 6, 30),
            [date(2027, 6, 7), date(2027, 6, 21)],
            id="a-saturday-moves-to-monday",
        ),
        pytest.param(
            date(2027, 6, 6),
            7,
            date(2027, 6, 20),
            [date(2027, 6, 7), date(2027, 6, 14)],
            id="a-sunday-moves-to-monday-unless-that-is-after-until",
        ),
        pytest.param(
            date(2027, 4, 12),
            49,
            date(2027, 12, 31),
            [
                date(2027, 4, 12),
                date(2027, 6, 1),  # Spring Bank Holiday, Monday 31 May, moves to Tuesday
                date(2027, 7, 19),  # seven weeks after 31 May, not after 1 June
                date(2027, 9, 6),
                date(2027, 10, 25),
                date(2027, 12, 13),
            ],
            id="a-monday-bank-holiday-moves-a-day-and-the-cadence-holds",
        ),
        pytest.param(
            date(2027, 3, 26),
            7,
            date(2027, 4, 9),
            [date(2027, 3, 30), date(2027, 4, 2), date(2027, 4, 9)],
            id="good-friday-moves-past-the-weekend-and-easter-monday",
        ),
        pytest.param(
            date(2027, 12, 25),
            7,
            date(2027, 12, 28),
            [],
            id="christmas-moves-beyond-until-so-it-is-left-out",
        ),
        pytest.param(
            date(2027, 12, 24),
            7,
            date(2027, 12, 23),
            [],
            id="nothing-when-first-is-after-until",
        ),
    ],
)
def test_planned_dates_avoid_weekends_and_public_holidays(first, every_days, until, expected):
    planned = plan_dates(
        first, until=until, every_days=every_days, is_closed=ENGLAND_2027.__contains__
    )

    assert planned == expected
    assert all(day.weekday() < 5 and day not in ENGLAND_2027 for day in planned)


def test_without_holidays_the_bank_holiday_is_planned_like_any_monday():
    planned = plan_dates(
        date(2027, 4, 12), until=date(2027, 7, 31), every_days=49, is_closed=never_closed
    )

    assert planned == [date(2027, 4, 12), date(2027, 5, 31), date(2027, 7, 19)]


@pytest.mark.parametrize("every_days", [0, -7])
def test_a_cadence_of_less_than_a_day_is_refused(every_days):
    with pytest.raises(ValueError, match="every_days must be at least 1"):
        plan_dates(
            date(2027, 6, 7), until=date(2027, 7, 7), every_days=every_days, is_closed=never_closed
        )


@pytest.mark.parametrize(
    ("gap_min_weeks", "gap_max_weeks", "days"),
    [(6, 8, 49), (4, 4, 28), (1, 2, 7), (6, 9, 49), (4, 6, 35)],
)
def test_the_planned_gap_is_the_middle_of_the_window_in_whole_weeks(
    gap_min_weeks, gap_max_weeks, days
):
    gap = midpoint_days(gap_min_weeks=gap_min_weeks, gap_max_weeks=gap_max_weeks)

    assert gap == days
    assert gap % 7 == 0  # so every planned meeting falls on the same weekday


# --- clock changes --------------------------------------------------------------------------


def test_a_meeting_at_ten_in_october_is_followed_by_one_at_ten_in_december():
    # British Summer Time ends on Sunday 25 October 2026.
    october = datetime(2026, 10, 20, 10, 0, tzinfo=LONDON)

    december = at_local_time(date(2026, 12, 15), october.timetz().replace(tzinfo=None), LONDON)

    assert (december.hour, december.minute) == (10, 0)
    assert october.utcoffset() == timedelta(hours=1)
    assert december.utcoffset() == timedelta(0)
    # Both at ten on the office clock: an hour apart on the universal one.
    assert october.astimezone(ZoneInfo("UTC")).hour == 9
    assert december.astimezone(ZoneInfo("UTC")).hour == 10


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        pytest.param(date(2027, 3, 27), timedelta(0), id="the-saturday-before-summer-time"),
        pytest.param(date(2027, 3, 28), timedelta(hours=1), id="the-day-the-clocks-go-forward"),
        pytest.param(date(2027, 10, 31), timedelta(0), id="the-day-the-clocks-go-back"),
    ],
)
def test_ten_oclock_is_ten_oclock_on_either_side_of_a_clock_change(day, offset):
    moment = at_local_time(day, time(10, 0), LONDON)

    assert moment.date() == day
    assert (moment.hour, moment.minute) == (10, 0)
    assert moment.utcoffset() == offset


def test_a_daily_plan_never_offers_the_same_monday_twice():
    planned = plan_dates(
        date(2027, 1, 8), until=date(2027, 1, 12), every_days=1, is_closed=lambda day: False
    )

    assert planned == [date(2027, 1, 8), date(2027, 1, 11), date(2027, 1, 12)]


@pytest.mark.parametrize(
    ("opens", "closes", "said"),
    [
        (date(2026, 11, 17), date(2026, 12, 1), "17 November and 1 December 2026"),
        # Across a new year: both years, so that December is not read as next December.
        (date(2026, 12, 2), date(2027, 1, 27), "2 December 2026 and 27 January 2027"),
    ],
)
def test_a_window_in_words_says_the_year_of_each_end_where_they_differ(opens, closes, said):
    assert Window(opens=opens, closes=closes).in_words == said
