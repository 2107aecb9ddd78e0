"""Wall-clock times in the programme's time zone (settings.TIME_ZONE) that name no single
moment: those the clocks skip when they go forward, and those they pass twice when they go
back. Every form that takes a date and a time refuses them in the same words: the office's
date-and-time boxes (`accounts.admin_base.SplitDateTimeField`) and a pair's meeting times
(`mentoring.forms.meetings`). A moment that is one of two (a meeting's end worked out from its
length) is written with its zone's name (`passed_twice`)."""

from datetime import UTC, date, datetime, time

from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils import timezone


def clock_change_refusal(naive: datetime) -> str:
    """Why `naive`, a wall-clock time in the programme's time zone, names no single moment:
    the clocks go forward past it, or back over it."""
    zone = timezone.get_current_timezone()
    there = naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)
    when = f"{naive:%H:%M} on {naive:%-d %B %Y}"
    if there.replace(tzinfo=None) != naive:
        return (
            f"There is no {when} in {zone}: the clocks go forward an hour then. "
            "Choose a time outside that hour."
        )
    return (
        f"{when} happens twice in {zone}: the clocks go back an hour then. "
        "Choose a time outside that hour."
    )


def clock_change_problem(day: date, clock: time) -> str | None:
    """Why `clock` on `day` names no single moment (`clock_change_refusal`), or None when it
    names one: Django's own test (`from_current_timezone`), as the office's boxes apply it.
    A day too near the calendar's ends to carry a time zone has no such time."""
    if not date(2, 1, 1) <= day <= date(9998, 12, 31):
        return None
    naive = datetime.combine(day, clock)
    try:
        from_current_timezone(naive)
    except ValidationError:
        return clock_change_refusal(naive)
    return None


def passed_twice(local: datetime) -> bool:
    """Whether `local`, an aware local time, shows a clock time that
    happens twice (the clocks go back over it), so that its zone's name ("01:00 GMT", not
    "01:00 BST") says which of the two it is."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
