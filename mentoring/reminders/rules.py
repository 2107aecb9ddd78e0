"""When each reminder is due, and when the reminders due now are emailed, as pure functions
of the clock (no database).

Reminders tied to a meeting keep its clock time: a meeting at 10:00 is reminded of at
10:00 a week before, even across a clock change. Reminders about a day (a window that
opens, an event tomorrow, a survey) go from 08:00 to 21:00 local time, never in the night.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from mentoring.cadence import at_local_time, due_window

DAY_STARTS = time(8, 0)
DAY_ENDS = time(21, 0)


def at_night(now: datetime, zone: ZoneInfo) -> bool:
    """From 21:00 to 08:00 local time: no reminder about a day goes
    (`ReminderKind.about_a_day`); those due meanwhile wait for the morning."""
    local = now.astimezone(zone).time()
    return local < DAY_STARTS or local >= DAY_ENDS


def reminder_day(now: datetime, zone: ZoneInfo) -> date:
    """The last day whose day-reminders may go: today from 08:00, yesterday before."""
    local = now.astimezone(zone)
    return local.date() if local.time() >= DAY_STARTS else local.date() - timedelta(days=1)


def next_sending(now: datetime, zone: ZoneInfo) -> datetime:
    """When the reminders about a day due at `now` are next emailed: at the dispatcher's next
    run, within minutes, by day; at 08:00 in the night, as they wait for the morning
    (`at_night`). The next run may be as far off as the dispatcher's interval
    (`send-reminders` in CELERY_BEAT_SCHEDULE): when that falls in the night (a save at 20:58
    with runs every 5 minutes), they are promised for 08:00 too."""
    every = settings.CELERY_BEAT_SCHEDULE["send-reminders"]["schedule"]
    if not at_night(now, zone) and not at_night(now + every, zone):
        return now
    local = now.astimezone(zone)
    day = local.date() if local.time() < DAY_STARTS else local.date() + timedelta(days=1)
    return at_local_time(day, DAY_STARTS, zone)


def reminders_go_in_words(now: datetime, zone: ZoneInfo) -> str:
    """When the reminders about a day due at `now` are emailed (`next_sending`), as the
    office is told it on the pages that ask before a save sets them going (a survey opened,
    a programme made active). In the night it says that reminders like these wait for the
    morning, not that none is sent at night: a meeting's own reminders keep its clock time
    and go at the next run (the activation page says so beside it)."""
    sending = next_sending(now, zone)
    if sending == now:
        return "within a few minutes, when the reminders next run"
    local = sending.astimezone(zone)
    day = "today" if local.date() == now.astimezone(zone).date() else "tomorrow"
    return f"at {local:%H:%M} {local.tzname()} {day} (reminders like these wait for the morning)"


def _local_shift(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    # Arithmetic on a zoned datetime is wall-clock arithmetic: 10:00 stays 10:00.
    return moment.astimezone(zone) + timedelta(days=days)


def meeting_reminder_due(
    *,
    starts_at: datetime,
    booked_at: datetime,
    now: datetime,
    days: int,
    zone: ZoneInfo,
    until_days: int | None = None,
) -> date | None:
    """The due date of the reminder `days` before a booked meeting, if due at `now`.

    Not sent when the meeting was booked after the moment it would have gone (the person
    has just booked it), nor once the later reminder (`until_days` before) is due.
    """
    moment = _local_shift(starts_at, -days, zone)
    if not moment <= now < starts_at or booked_at > moment:
        return None
    if later_reminder_due(starts_at=starts_at, now=now, until_days=until_days, zone=zone):
        return None
    return moment.date()


def later_reminder_due(
    *, starts_at: datetime, now: datetime, until_days: int | None, zone: ZoneInfo
) -> bool:
    """Whether the later reminder of a meeting (`until_days` before it) is due at `now`: the
    earlier one then goes no more, neither written (`meeting_reminder_due`) nor, held up
    in the outbox until then, sent on top of it."""
    return until_days is not None and now >= _local_shift(starts_at, -until_days, zone)


def log_reminder_due(*, ends_at: datetime, now: datetime, days: int, zone: ZoneInfo) -> date | None:
    """The due date of "please log your meeting", `days` after it ended, if due at `now`."""
    moment = _local_shift(ends_at, days, zone)
    return moment.date() if moment <= now else None


@dataclass(frozen=True)
class PairDue:
    window_open: date | None = None
    window_passed: date | None = None
    first_contact: date | None = None


def pair_reminders(
    day: date,
    *,
    anchor: date,
    first: bool,
    gap_min_weeks: int,
    gap_max_weeks: int,
    first_contact_days: int,
) -> PairDue:
    """Which pair reminders are due on `day` for a pair with nothing booked (a pair with a
    meeting booked has none; see mentoring.cadence for the window).

    Window open: after a meeting, the next window has opened and nothing is booked.
    Window passed: the window has closed with nothing booked (the office is told once).
    First contact: the pair met nowhere yet and booked nothing `first_contact_days` after
    pairing, while their first window is still open.
    """
    window = due_window(
        anchor, gap_min_weeks=gap_min_weeks, gap_max_weeks=gap_max_weeks, first=first
    )
    if window.has_closed(day):
        return PairDue(window_passed=window.closes + timedelta(days=1))
    nudge_on = anchor + timedelta(days=first_contact_days)
    if first and nudge_on <= day:
        return PairDue(first_contact=nudge_on)
    if not first and window.opens <= day:
        return PairDue(window_open=window.opens)
    return PairDue()


def cancelled_twice_by(history: list[tuple[str, int | None]]) -> int | None:
    """Given a pair's meetings that ended, oldest first, as (status, cancelled_by), the
    person who cancelled the last two in a row, if one did."""
    if len(history) < 2:
        return None
    (first_status, first_by), (last_status, last_by) = history[-2:]
    if first_status == last_status == "cancelled" and first_by is not None and first_by == last_by:
        return last_by
    return None
