"""A date or a moment as the participants' pages write it, in the programme's time zone (the
current one), escaped: `local_date` in any format of `|date`, for the pieces drawn in Python
(mentoring/templatetags); in full, "Tuesday 1 December 2026, 09:30" (`long_moment`), for the
lists that write one per row (`{% meeting_line %}`) and for text built outside a template
(the apply form's hint); or its time alone, "09:30" (`clock_time`). A time the clocks pass
twice says which of the two it is: "01:00 GMT". Each is written as `|date` writes it, by
config.templating.date_writer (the one place a date is written)."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone, get_current_timezone_name

from accounts.clocks import passed_twice
from accounts.escaping import escaped
from config.templating import date_writer


def local_date(value, format_string: str = "j F Y") -> SafeString:
    """What `{{ value|date:format_string }}` shows, in the current time zone: a date as it
    is, nothing for no value. A moment whose hour ("H") the format shows says its zone when
    the clocks pass that time twice."""
    return local_dates(format_string)(value)


def local_dates(format_string: str = "j F Y") -> Callable[[object], SafeString]:
    """`local_date(·, format_string)` for the many values of a list (a pair's meetings):
    the current time zone, the format and the language's names of days and months read once,
    not for each row (the time zone and the language do not change while a page is drawn)."""
    zone, write = get_current_timezone(), date_writer(format_string)
    shows_hour, use_tz = "H" in format_string, settings.USE_TZ

    def written(value) -> SafeString:
        # As the template engine puts a moment in the current time zone
        # (`template_localtime`): an aware datetime, never a naive one or a date.
        if use_tz and isinstance(value, datetime) and value.utcoffset() is not None:
            value = value.astimezone(zone)
            said = write(value)
            if shows_hour and passed_twice(value):
                said = f"{said} {value.tzname()}"
        else:
            said = write(value)
        return SafeString(escaped(said))

    return written


def long_moment(moment) -> SafeString:
    """What `{{ moment|date:"l j F Y, H:i" }}` shows: "Tuesday 1 December 2026, 09:30"."""
    return local_date(moment, "l j F Y, H:i")


def clock_time(moment) -> SafeString:
    """What `{{ moment|date:"H:i" }}` shows: "09:30"."""
    return local_date(moment, "H:i")


# The name people here know their own zone by; any other zone is said by its IANA name.
ZONE_WORDS = {"Europe/London": "UK time (Europe/London)"}


def zone_in_words(zone_name: str | None = None) -> str:
    """The time zone the pages write times in (the current one: settings.TIME_ZONE, as no
    request activates another), or `zone_name`, as a reader knows it: "UK time
    (Europe/London)", "Europe/Paris time". Said once on each page that shows a meeting's or
    an event's time (`{% times_are_in_zone %}`) and beside each field where a time is typed,
    so that someone in another zone reads 10:00 as the programme's 10:00."""
    name = zone_name or get_current_timezone_name()
    return ZONE_WORDS.get(name, f"{name} time")
