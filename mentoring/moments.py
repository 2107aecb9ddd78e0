"""A date or a moment as the participants' pages write it, in the programme's time zone (the
current one), escaped: `local_date` in any format of `|date`, for the pieces drawn in Python
(mentoring/templatetags); in full, "Tuesday 1 December 2026, 09:30" (`long_moment`), for the
lists that write one per row (`{% meeting_line %}`) and for text built outside a template
(the apply form's hint); or its time alone, "09:30" (`clock_time`). A time the clocks pass
twice says which of the two it is: "01:00 GMT"."""

from datetime import datetime

from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from accounts.clocks import passed_twice
from accounts.escaping import escaped
from config.templating import formatted


def local_date(value, format_string: str = "j F Y") -> SafeString:
    """What `{{ value|date:format_string }}` shows, in the current time zone: a date as it
    is, nothing for no value. A moment whose hour ("H") the format shows says its zone when
    the clocks pass that time twice."""
    local = template_localtime(value)
    said = formatted(local, format_string)
    if isinstance(local, datetime) and "H" in format_string and passed_twice(local):
        said = f"{said} {local.tzname()}"
    return SafeString(escaped(said))


def long_moment(moment) -> SafeString:
    """What `{{ moment|date:"l j F Y, H:i" }}` shows: "Tuesday 1 December 2026, 09:30"."""
    return local_date(moment, "l j F Y, H:i")


def clock_time(moment) -> SafeString:
    """What `{{ moment|date:"H:i" }}` shows: "09:30"."""
    return local_date(moment, "H:i")
