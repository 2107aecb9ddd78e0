"""Calendar (ICS) files for events, and later for meetings."""

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from mentoring.models import Event

PRODID = "-//Reverse mentoring//Programme manager//EN"


def event_ics(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@reverse-mentoring")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", timezone.now())
    if event.location:
        item.add("location", event.location)
    if event.online_url:
        item.add("url", event.online_url)
    description = event.description
    if event.online_url:
        description = f"{description}\n\nJoin online: {event.online_url}".strip()
    item.add("description", description or event.get_kind_display())
    item.add("categories", [event.get_kind_display()])
    calendar.add_component(item)
    return calendar.to_ical()
