"""The pair's rhythm, as pure functions: when the next meeting is due, whether a pair is on
track, whether a time clashes, and which dates "Plan the year" offers.

Everything here works on dates and times in the programme's time zone, so a clock change
moves nothing: a meeting at 10:00 in October is followed by one at 10:00 in December.
No database, no clock: callers pass "today".
"""

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def day_said(day: date) -> str:
    """A date as every sentence here writes it: "16 December 2026" (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Window:
    """The dates (inclusive) in which the next meeting is due."""

    opens: date
    closes: date
    # The window of a booked meeting being moved (`window_for_new`): it is booked already,
    # so it is due by the close wherever the window opens, never "on track" before it.
    booked_already: bool = False

    def __contains__(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    def has_closed(self, today: date) -> bool:
        """The window is over on `today`: every date still to choose is after it."""
        return today > self.closes

    def is_late(self, day: date, today: date) -> bool:
        """`day`, chosen on `today` for the meeting, is after the window, while the window
        has not closed: the meeting would be later than it is due (the form proposing it
        warns of it). Once it has closed, every date still to choose is after it, and the
        pair's pages say the meeting was due by then."""
        return self.has_closed(day) and not self.has_closed(today)

    def outside_said(self, day: date) -> str:
        """Where `day`, outside the window, falls, said after the date by the form proposing
        it: "is after the due date, 29 January 2027", as the pair's pages note a late time
        (`after_the_due_date`); or, before the window opens, "is before 4 November 2026, the
        first day this meeting is due"."""
        if day > self.closes:
            return after_the_due_date(self.closes)
        return f"is before {day_said(self.opens)}, the first day this meeting is due"

    @property
    def in_words(self) -> str:
        """The dates for "due between …": "4 November and 16 December 2026", or with both
        years when the window crosses one ("2 December 2026 and 27 January 2027"), so that
        no day is read in the wrong year."""
        opens = f"{self.opens.day} {self.opens:%B}"
        if self.opens.year != self.closes.year:
            opens += f" {self.opens.year}"
        return f"{opens} and {day_said(self.closes)}"


def after_the_due_date(due_by: date) -> str:
    """A time later than its meeting is due, in the one wording of the form proposing it and
    the pair's pages, after the time: "is after the due date, 29 January 2027"."""
    return f"is after the due date, {day_said(due_by)}"


def due_window(
    anchor: date, *, gap_min_weeks: int, gap_max_weeks: int, first: bool = False
) -> Window:
    """The next meeting is due between the shortest and the longest gap after the anchor
    (the last meeting held). The first meeting is due from the day the pair was activated
    (the anchor, with `first`) until the longest gap after it: nobody waits six weeks to
    meet for the first time."""
    return Window(
        opens=anchor if first else anchor + timedelta(weeks=gap_min_weeks),
        closes=anchor + timedelta(weeks=gap_max_weeks),
    )


class PairState(enum.StrEnum):
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"
    DORMANT = "dormant"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "on_track": "On track",
            "due": "Due",
            "overdue": "Overdue",
            "dormant": "Dormant",
            "closed": "Programme closed",
        }[self.value]


def pair_state(
    today: date,
    *,
    anchor: date,
    next_booked: date | None,
    gap_min_weeks: int,
    gap_max_weeks: int,
    first: bool = False,
    programme_closed: bool = False,
) -> PairState:
    """On track: a meeting is booked, or the window has not opened. Due: the window is open
    and nothing is booked. Overdue: the window has passed with nothing booked. Dormant:
    nothing held or booked for twice the longest gap. Programme closed: the office closed
    the programme (`Programme.has_ended`) and the pair still meets if it likes, keeping no
    rhythm: nothing is due or overdue, and nobody is reminded."""
    if programme_closed:
        return PairState.CLOSED
    if next_booked is not None:
        return PairState.ON_TRACK
    window = due_window(
        anchor, gap_min_weeks=gap_min_weeks, gap_max_weeks=gap_max_weeks, first=first
    )
    if today > anchor + timedelta(weeks=2 * gap_max_weeks):
        return PairState.DORMANT
    return window_state(window, today)


def window_state(window: Window, today: date) -> PairState:
    """Where a meeting not yet booked stands against its window on `today`: overdue once
    the window has closed, due while it is open (or ever, for a booked meeting being moved,
    `Window.booked_already`), on track before it opens."""
    if window.has_closed(today):
        return PairState.OVERDUE
    if today >= window.opens or window.booked_already:
        return PairState.DUE
    return PairState.ON_TRACK


@dataclass(frozen=True)
class LastDay:
    """A programme's last day (`Programme.ends_on`), with its name, as the pair's pages say
    it beside when a meeting is due: the office has not closed the programme by it
    (programmes run on), so meetings may still be proposed after it."""

    programme: str
    day: date

    def has_passed(self, today: date) -> bool:
        """The last day is over on `today`: every date still to choose is after it."""
        return today > self.day

    def reached_by(self, window: Window, today: date) -> bool:
        """Whether a meeting due in `window` may fall after the last day: the window reaches
        past it, or the day has passed already."""
        return window.closes > self.day or self.has_passed(today)

    def is_late(self, day: date, today: date) -> bool:
        """`day`, chosen on `today` for a meeting, is after the last day, while that day is
        still to come: the form proposing it warns of it (`placing`) and the pair's pages note
        it beside the time (`PairView.late_said`). Once the last day has passed, every date
        is after it and the pages say that it was (`passed_said`)."""
        return day > self.day and not self.has_passed(today)

    def comes_first(self, window: Window) -> bool:
        """Whether the last day comes before `window` opens: a meeting within the programme
        is then one before the window, which the form does not warn of (`placing`)."""
        return self.day < window.opens

    def said(self, today: date, window: Window) -> str:
        """ "the last day of 2026/27 pilot is 16 December 2026" (before `window` opens: "…, so
        to meet before it ends, meet by then"), or once it has passed, that it was, and that the
        pair can still meet until the office closes the programme."""
        if self.has_passed(today):
            return self.passed_said()
        day = day_said(self.day)
        if self.comes_first(window):
            return (
                f"the last day of {self.programme} is {day}, so to meet before it ends, meet "
                "by then"
            )
        return f"the last day of {self.programme} is {day}"

    def passed_said(self) -> str:
        """Once the last day has passed: "the last day of 2026/27 pilot was 30 November 2026,
        but …, so you can still meet", beside when a meeting is due (`said`) and on the plan
        page, which has no year left to plan then."""
        return (
            f"the last day of {self.programme} was {day_said(self.day)}, but the "
            "programme office has not closed it yet, so you can still meet"
        )

    def after_said(self) -> str:
        """A time after the last day, said after its date by the form proposing it, as
        `Window.outside_said` says a late one: "is after 16 December 2026, the last day of
        2026/27 pilot"."""
        return f"is after {day_said(self.day)}, the last day of {self.programme}"


class Placing(enum.Enum):
    """Where a date proposed for a meeting falls (`placing`): the one warning the form
    proposing it gives of it, if any."""

    FITS = "fits"
    EARLY = "early"  # before the window opens
    LATE = "late"  # after the window closes
    AFTER_THE_LAST_DAY = "after_the_last_day"


def placing(
    day: date, today: date, *, window: Window | None, last_day: LastDay | None = None
) -> Placing:
    """Where `day`, chosen on `today` for the next meeting, falls against the window it is
    due in and the programme's last day: at most one warning, so one date is never warned
    of twice.

    After a last day still to come, that is all it says: past the programme's end, how the
    date sits against the rhythm of meetings is beside the point (a date after both is
    after the last day). Once the last day has passed, every date is after it and the page
    says so (`LastDay.said`): the window alone decides. Once the window has closed, every
    date is after it and the page asks for the soonest: not late. Before the window opens,
    a date by a last day that comes first (`LastDay.comes_first`) is what the page asks
    for: not early."""
    if last_day is not None and last_day.is_late(day, today):
        return Placing.AFTER_THE_LAST_DAY
    if window is None or day in window or window.has_closed(today):
        return Placing.FITS
    if day > window.closes:
        return Placing.LATE
    if last_day is not None and last_day.comes_first(window) and day <= last_day.day:
        return Placing.FITS
    return Placing.EARLY


def due_in_words(
    window: Window,
    state: PairState,
    *,
    last_day: LastDay | None = None,
    today: date | None = None,
    then: str = "",
) -> str:
    """When the pair's next (or first) meeting is due, said after "Your next meeting" or "it":
    by the day its window closes once the window has opened, or has passed with nothing
    booked (its opening days are gone then); between its dates before it opens; nothing in
    a programme the office has closed, which keeps no rhythm. With the programme's
    `last_day`, where a meeting due in the window may fall after it (`LastDay.reached_by`
    on `today`), that day too, after "; ": the one place every page says it. `then` follows
    the due date itself, before the last day (the form moving a late time: how much later
    it is)."""
    closes = day_said(window.closes)
    if state in (PairState.OVERDUE, PairState.DORMANT):
        due = f"was due by {closes}"
    elif state == PairState.DUE:
        due = f"is due by {closes}"
    elif state == PairState.CLOSED:
        return ""
    else:
        due = f"is due between {window.in_words}"
    due += then
    if last_day is not None and today is not None and last_day.reached_by(window, today):
        due += f"; {last_day.said(today, window)}"
    return due


@dataclass(frozen=True)
class Busy:
    """Something already in a person's diary."""

    starts_at: datetime
    ends_at: datetime
    label: str
    meeting_id: int | None = None  # a meeting of theirs (None: an event)


def ends_after(starts_at: datetime, length: timedelta) -> datetime:
    """When something lasting `length` from `starts_at` ends: a meeting, or an event moved
    with its end left empty. Counted in UTC: added to a local time, the length would be the
    clock face's, an hour out across the night the clocks change."""
    return starts_at.astimezone(UTC) + length


def meeting_end(starts_at: datetime, minutes: int) -> datetime:
    """When a meeting of `minutes` from `starts_at` ends (`ends_after`)."""
    return ends_after(starts_at, timedelta(minutes=minutes))


def clashes(starts_at: datetime, ends_at: datetime, busy: Iterable[Busy]) -> list[Busy]:
    """What overlaps the proposed time (touching end to start is not a clash)."""
    return [item for item in busy if item.starts_at < ends_at and starts_at < item.ends_at]


def next_working_day(day: date, *, is_closed: Callable[[date], bool]) -> date:
    """`day`, or the first day after it that is neither a weekend nor a public holiday
    (`is_closed`)."""
    while day.weekday() >= 5 or is_closed(day):
        day += timedelta(days=1)
    return day


def plan_dates(
    first: date, *, until: date, every_days: int, is_closed: Callable[[date], bool]
) -> list[date]:
    """Dates every `every_days` from `first` to `until`, each moved to the next working day
    when it falls on a weekend or a public holiday (`is_closed`). The cadence counts from
    the planned date, not the moved one, so one holiday does not shift the year."""
    if every_days < 1:
        raise ValueError("every_days must be at least 1")
    planned = []
    day = first
    while day <= until:
        moved = next_working_day(day, is_closed=is_closed)
        if moved <= until and (not planned or moved != planned[-1]):
            planned.append(moved)
        day += timedelta(days=every_days)
    return planned


def midpoint_days(*, gap_min_weeks: int, gap_max_weeks: int) -> int:
    """The planned gap: the middle of the window, in whole weeks (so the weekday stays)."""
    return 7 * ((gap_min_weeks + gap_max_weeks) // 2)


def at_local_time(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The aware moment `clock` o'clock on `day` in `zone` (clock changes included)."""
    return datetime.combine(day, clock, tzinfo=zone)
