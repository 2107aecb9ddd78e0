"""Text pasted from a spreadsheet cell or a terminal can carry control characters (a vertical
tab, an escape). RFC 5545 allows none in a calendar file but the tab, and strict calendar
apps refuse the whole subscribed feed over one. Every form drops them as it reads the text
(accounts.bounds.as_typed: tests/accounts/test_control_characters_nobody_types_are_dropped_
from_every_box.py), the office's too; text saved before then is cleaned as the file is
written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.services.pairs import calendar_feed_for
from tests.admin_pages import change_url, signed_in_for_real
from tests.event_admin import as_posted
from tests.factories import EventFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def _controls(content: bytes) -> list[str]:
    """The control characters in a calendar file, but the tab and its lines' ends."""
    return [c for c in content.decode() if (ord(c) < 32 and c not in "\t\r\n") or ord(c) == 127]


def test_a_place_typed_with_control_characters_is_saved_and_sent_without_them(maya, cast):
    day = timezone.localdate() + timedelta(days=10)

    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": day.isoformat(), "start": "10:00", "location": "Room\x0b2.14\x1b"},
    )
    meeting = cast.pair.meetings.get()
    content = maya.get(reverse("meeting_calendar", args=[meeting.pk])).content

    assert response.status_code == 302
    assert meeting.location == "Room 2.14"
    assert _controls(content) == []
    (entry,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(entry["location"]) == "Room 2.14"


def test_an_events_place_typed_by_the_office_is_saved_without_them(office, cast):
    event = EventFactory(programme=cast.programme)

    data = as_posted(office, event, location="Senate Room\x1b[0m, Main Building")

    assert office.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.location == "Senate Room[0m, Main Building"


def test_text_saved_with_control_characters_leaves_the_feed_without_them(client, cast):
    """Saved before the forms dropped them: the meeting's place, an event's title, place and
    description, the programme's name."""
    cast.programme.name = "Pilot\x07 2026"
    cast.programme.save(update_fields=["name"])
    meeting = MeetingFactory(match=cast.pair, location="Room\x0b2.14\x1b")
    event = EventFactory(
        programme=cast.programme,
        title="Briefing\x1b",
        location="Senate\x0cRoom",
        description="Bring\x08 a pen.\r\nAnd\x7f a question.\tThanks.",
    )
    RegistrationFactory(event=event, person=cast.mentor)
    token = calendar_feed_for(cast.mentor).token

    content = client.get(f"{reverse('calendar_feed')}?token={token}").content
    entries = {str(e["uid"]): e for e in Calendar.from_ical(content).walk("VEVENT")}

    assert _controls(content) == []
    assert str(entries[f"meeting-{meeting.pk}@reverse-mentoring"]["location"]) == "Room 2.14"
    held = entries[f"event-{event.pk}@reverse-mentoring"]
    assert (str(held["summary"]), str(held["location"])) == ("Briefing", "Senate Room")
    assert str(held["description"]) == "Bring a pen.\nAnd a question.\tThanks."


def test_and_the_meetings_own_file_without_them(maya, cast):
    meeting = MeetingFactory(match=cast.pair, location="Room\x0b2.14\x1b")

    content = maya.get(reverse("meeting_calendar", args=[meeting.pk])).content

    assert _controls(content) == []
