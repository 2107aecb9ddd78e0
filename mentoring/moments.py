"""A moment as the participants' pages write it in full: "Tuesday 1 December 2026, 09:30",
in the programme's time zone, for the lists that write one per row (`{% meeting_line %}`)
and for text built outside a template (the apply form's hint); or its time alone, "09:30"
(`clock_time`). A time the clocks pass twice says which of the two it is: "01:00 GMT"."""

from django.utils import timezone

from accounts.clocks import passed_twice
from config.templating import formatted


def _said(moment, format_string: str) -> str:
    local = timezone.localtime(moment)
    said = formatted(local, format_string)
    return f"{said} {local.tzname()}" if passed_twice(local) else said


def long_moment(moment) -> str:
    """What `{{ moment|date:"l j F Y, H:i" }}` shows, in the current time zone:
    "Tuesday 1 December 2026, 09:30"."""
    return _said(moment, "l j F Y, H:i")


def clock_time(moment) -> str:
    """What `{{ moment|date:"H:i" }}` shows, in the current time zone: "09:30"."""
    return _said(moment, "H:i")
