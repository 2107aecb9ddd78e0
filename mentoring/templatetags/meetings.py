"""One meeting in a list, drawn in Python: a pair's page and the schedule list every meeting
of the pair, and drawing each line through an included template took a third of
`/meetings/`. `{% meeting_line meeting %}` gives the same markup the template gave."""

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html

from mentoring.links import url_with_id

register = template.Library()

BADGES = {"confirmed": "text-bg-success", "held": "text-bg-success", "proposed": "text-bg-warning"}


def long_moment(moment) -> str:
    """What `{{ moment|date:"l j F Y, H:i" }}` shows, in the current time zone:
    "Tuesday 1 December 2026, 09:30"."""
    local = timezone.localtime(moment)
    day, month = WEEKDAYS[local.weekday()], MONTHS[local.month]
    return f"{day} {local.day} {month} {local.year}, {local:%H:%M}"


@register.simple_tag
def meeting_line(meeting) -> str:
    """When, how long, where, its state, and a link to it."""
    if meeting.location:
        where = format_html("· {}", meeting.location)
    elif meeting.online_url:
        where = "· online"
    elif meeting.is_upcoming:
        where = "· place not agreed yet"
    else:
        where = ""
    return format_html(
        '<a href="{}">{}</a>\n· {} minutes\n{}\n<span class="badge {}">{}</span>',
        url_with_id("meeting_detail", meeting.pk),
        long_moment(meeting.starts_at),
        meeting.actual_minutes or meeting.minutes,
        where,
        BADGES.get(meeting.status, "text-bg-secondary"),
        meeting.status_label,
    )
