"""A moment as the participants' pages write it in full: "Tuesday 1 December 2026, 09:30",
in the programme's time zone. Worked out in Python, for the lists that write one per row
(`{% meeting_line %}`) and for text built outside a template (the apply form's hint)."""

from functools import lru_cache

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language


@lru_cache(maxsize=8)
def _names(language: str | None) -> tuple[list[str], dict[int, str]]:
    """The names of the days and months in `language` (the active one when asked)."""
    return [str(WEEKDAYS[day]) for day in range(7)], {n: str(name) for n, name in MONTHS.items()}


def long_moment(moment) -> str:
    """What `{{ moment|date:"l j F Y, H:i" }}` shows, in the current time zone:
    "Tuesday 1 December 2026, 09:30"."""
    local = timezone.localtime(moment)
    days, months = _names(get_language())
    return f"{days[local.weekday()]} {local.day} {months[local.month]} {local.year}, {local:%H:%M}"
