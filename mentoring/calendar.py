"""Calendar (ICS) files for events and meetings, built with `icalendar`.

A meeting's or event's UID never changes; SEQUENCE counts its changes of time (an event's,
of time or place), so calendar apps update the entry they already have. Times carry the
programme's time zone (with its VTIMEZONE), so clock changes are right.

A meeting off the calendar (cancelled, dropped, logged as not held) is, in its own file (the
email telling of it, its download), METHOD:CANCEL at its raised SEQUENCE with the programme
office as ORGANIZER, as an event's place given up is: iTIP's removal, which calendar apps
act on. Its other files name no organiser, nor does any name a member (no ATTENDEE): the
file is for one person's calendar. The subscribed feed stays a PUBLISH, where it reads
STATUS:CANCELLED.

An event's entry is one per person: a calendar app ignores a file whose SEQUENCE is not
above the one it holds. So each person's SEQUENCE is the event's (`Event.sequence`, raised
when its time or place moves, for everyone) plus their registration's own
`sequence_offset`, raised by one when their place is given up and again when they take it
back. A place given up is sent as METHOD:CANCEL at the raised SEQUENCE, so the entry leaves
their calendar (the event goes on); registering again sends the invitation one above that
cancel, so it comes back, and every later move of the event reaches them above it too.

An event the programme office calls off keeps its UID: its SEQUENCE rises, as for a move,
and everyone holding a place is sent METHOD:CANCEL at their SEQUENCE; from then on every
file of it (the download, the subscribed feed) says STATUS:CANCELLED.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from accounts.bounds import as_typed
from mentoring.models import Event, Meeting, MeetingStatus, Programme, Registration
from mentoring.models.events import HOLDS_A_PLACE
from mentoring.models.matches import partner_name
from mentoring.models.meetings import OFF_THE_CALENDAR

PRODID = "-//Reverse mentoring//Programme manager//EN"
UID_DOMAIN = "reverse-mentoring"


def _calendar(name: str | None = None, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _local(moment):
    """`moment` in the programme's time zone, or in UTC when its local time is the second of
    two (the hour the clocks pass twice when they go back): a calendar app reads a local
    time that happens twice as the first (RFC 5545 3.3.5), an hour early."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return local.astimezone(UTC) if local.fold else local


def _finish(calendar: Calendar) -> bytes:
    """The file, with the time zone its times name defined over the days they fall on
    (icalendar's own range stops in 2038, while events may be set up to 2100), and no control
    character RFC 5545 refuses (strict calendar apps refuse the whole feed): text saved before
    forms read it as typed (`as_typed`) may hold one. A line break in text is written "\\n",
    so the file's own line breaks are the only ones left; a character that separates lines
    (a vertical tab: PowerPoint's line break) becomes a space, which any of the file's values
    may hold and which keeps its line's length, so the words either side stay apart."""
    moments = [
        item[name].dt
        for item in calendar.walk("VEVENT")
        for name in ("dtstart", "dtend")
        if name in item
    ]
    days = [moment.date() if isinstance(moment, datetime) else moment for moment in moments]
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=1), last_date=max(days) + timedelta(days=1)
        )
    else:
        calendar.add_missing_timezones()
    lines = calendar.to_ical().decode().split("\r\n")
    return "\r\n".join(as_typed(line, lines=False) for line in lines).encode()


def _event_item(event: Event, registration: Registration | None = None) -> CalendarEvent:
    """The event as `registration`'s person holds it in their calendar (see above)."""
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    item.add("sequence", event.sequence + (registration.sequence_offset if registration else 0))
    item.add("summary", event.title)
    item.add("dtstart", _local(event.starts_at))
    item.add("dtend", _local(event.ends_at))
    item.add("dtstamp", timezone.now())
    item.add("organizer", _organiser(event.programme))
    if event.location:
        item.add("location", event.location)
    if event.online_url:
        item.add("url", event.online_url)
    description = event.description
    if event.online_url:
        description = f"{description}\n\nJoin online: {event.online_url}".strip()
    if event.is_called_off:
        # The office's word is for those who held a place, as on /events/.
        held = registration is not None and registration.status in HOLDS_A_PLACE
        message = event.call_off_message if held else ""
        description = "\n\n".join(
            part for part in ("Called off by the programme office.", message) if part
        )
        item.add("status", "CANCELLED")
    item.add("description", description or event.get_kind_display())
    item.add("categories", [event.get_kind_display()])
    return item


def _organiser(programme: Programme) -> vCalAddress:
    """The programme office, who runs the event: what iTIP asks of a published event and of
    a cancel (calendar apps match a cancel to the entry by UID and organiser). A meeting's
    cancel names it too, rather than either member."""
    organiser = vCalAddress(f"mailto:{programme.contact_email}")
    organiser.params["cn"] = vText(f"{programme.name} programme office")
    return organiser


def meeting_title(meeting: Meeting, person) -> str:
    """Its SUMMARY: a time not accepted yet says so in its title too, since many calendar
    apps show a STATUS:TENTATIVE entry as any other."""
    title = f"Reverse mentoring with {partner_name(meeting.match.partner_of(person))}"
    return f"Proposed: {title}" if meeting.status == MeetingStatus.PROPOSED else title


def _meeting_item(meeting: Meeting, person) -> CalendarEvent:
    """No notes, no reasons: only when, where and with whom."""
    item = CalendarEvent()
    item.add("uid", f"meeting-{meeting.pk}@{UID_DOMAIN}")
    item.add("sequence", meeting.sequence)
    item.add("summary", meeting_title(meeting, person))
    item.add("dtstart", _local(meeting.starts_at))
    item.add("dtend", _local(meeting.ends_at))
    item.add("dtstamp", timezone.now())
    item.add("last-modified", meeting.updated_at)
    if meeting.location:
        item.add("location", meeting.location)
    if meeting.online_url:
        item.add("url", meeting.online_url)
    item.add("status", ics_status(meeting.status))
    item.add("description", f"{meeting.match.programme.name}: one-to-one meeting.")
    return item


def ics_status(status: str) -> str:
    """A meeting's STATUS in calendar files: logged as not held too is not in the diary as a
    meeting that took place."""
    if status in OFF_THE_CALENDAR:
        return "CANCELLED"
    if status == MeetingStatus.PROPOSED:
        return "TENTATIVE"
    return "CONFIRMED"


def event_ics(event: Event, registration: Registration | None = None) -> bytes:
    """The event for the person of `registration` (theirs, at their SEQUENCE), or for anyone
    without one."""
    calendar = _calendar()
    calendar.add_component(_event_item(event, registration))
    return _finish(calendar)


def event_place_given_up_ics(event: Event, registration: Registration) -> bytes:
    """Takes the event out of the calendar of someone whose place is given up: the same UID,
    their SEQUENCE, raised when the place was given back (so above the entry they hold). The
    event's own SEQUENCE is not raised, as it counts changes of time or place that everyone
    is told of."""
    return _cancel_ics(event, registration)


def event_called_off_ics(event: Event, registration: Registration) -> bytes:
    """Takes the event the office called off out of the calendar of someone who held a
    place: the same UID, their SEQUENCE, above the entry they hold since the event's own
    SEQUENCE rose when it was called off."""
    return _cancel_ics(event, registration)


def _cancel_ics(event: Event, registration: Registration) -> bytes:
    calendar = _calendar(method="CANCEL")
    item = _event_item(event, registration)
    if "status" not in item:
        item.add("status", "CANCELLED")
    calendar.add_component(item)
    return _finish(calendar)


def meeting_ics(meeting: Meeting, person) -> bytes:
    """One meeting, as `person` sees it (the title names their partner); off the calendar, the
    cancel that takes it out of theirs (see above)."""
    item = _meeting_item(meeting, person)
    if meeting.off_the_calendar:
        calendar = _calendar(method="CANCEL")
        item.add("organizer", _organiser(meeting.match.programme))
    else:
        calendar = _calendar()
    calendar.add_component(item)
    return _finish(calendar)


def feed_ics(person, meetings: Iterable[Meeting], registrations: Iterable[Registration]) -> bytes:
    """The person's subscribable calendar: their meetings and the events they registered for
    (each registration with its event)."""
    calendar = _calendar("Reverse mentoring")
    for meeting in meetings:
        calendar.add_component(_meeting_item(meeting, person))
    for registration in registrations:
        calendar.add_component(_event_item(registration.event, registration))
    return _finish(calendar)
