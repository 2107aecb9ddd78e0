"""A moment as the participants' pages write it in full: "Tuesday 1 December 2026, 09:30",
in the programme's time zone, for the lists that write one per row (`{% meeting_line %}`)
and for text built outside a template (the apply form's hint)."""

from django.utils import timezone

from config.templating import formatted


def long_moment(moment) -> str:
    """What `{{ moment|date:"l j F Y, H:i" }}` shows, in the current time zone:
    "Tuesday 1 December 2026, 09:30"."""
    return formatted(timezone.localtime(moment), "l j F Y, H:i")
