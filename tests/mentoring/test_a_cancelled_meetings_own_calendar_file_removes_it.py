"""The calendar file of a meeting off the calendar, emailed with the news or downloaded from
its page, is iTIP's removal (METHOD:CANCEL), as an event's place given up is: the same UID
at a higher SEQUENCE than the last file sent, the programme office as ORGANIZER, and
neither member's address. The subscribed feed stays a PUBLISH that reads it cancelled."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.calendar import meeting_ics
from mentoring.services.pairs import calendar_feed_for
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@reverse-mentoring"


def calendars_emailed(mailoutbox, person) -> list[Calendar]:
    return [
        Calendar.from_ical(content)
        for message in mailoutbox
        if person.email in message.to
        for name, content, _ in message.attachments
        if name.endswith(".ics")
    ]


@pytest.fixture
def booked(cast):
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=10))


@pytest.fixture
def cancelled_by_maya(client, cast, booked, django_capture_on_commit_callbacks):
    """Bola holds the booking's file; Maya calls the meeting off."""
    before = Calendar.from_ical(meeting_ics(booked, cast.board_member))
    client.force_login(cast.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meeting_cancel", args=[booked.pk]),
            {"reason": "ill", "sequence": booked.sequence},
        )
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    return before


def test_the_file_emailed_to_bola_cancels_the_entry_she_holds(
    cast, booked, cancelled_by_maya, mailoutbox
):
    (calendar,) = calendars_emailed(mailoutbox, cast.board_member)
    (held,) = cancelled_by_maya.walk("VEVENT")

    assert str(calendar["METHOD"]) == "CANCEL"
    (item,) = calendar.walk("VEVENT")
    assert str(item["UID"]) == str(held["UID"]) == uid(booked)
    assert int(item["SEQUENCE"]) > int(held["SEQUENCE"])
    assert str(item["STATUS"]) == "CANCELLED"
    assert item["ORGANIZER"] == f"mailto:{cast.programme.contact_email}"
    assert item["ORGANIZER"].params["CN"] == "2026/27 pilot programme office"
    content = calendar.to_ical().decode()
    assert "ATTENDEE" not in content
    for member in (cast.mentor, cast.board_member):
        assert member.email not in content


def test_maya_downloads_the_same_cancel_while_her_feed_reads_it_cancelled(
    client, cast, booked, cancelled_by_maya
):
    download = Calendar.from_ical(client.get(reverse("meeting_calendar", args=[booked.pk])).content)
    token = calendar_feed_for(cast.mentor).token
    feed = Calendar.from_ical(client.get(reverse("calendar_feed"), {"token": token}).content)

    assert str(download["METHOD"]) == "CANCEL"
    (item,) = download.walk("VEVENT")
    assert (str(item["UID"]), int(item["SEQUENCE"])) == (uid(booked), booked.sequence)
    # The feed is what the calendar app holds, not a message to act on.
    assert str(feed["METHOD"]) == "PUBLISH"
    (listed,) = [i for i in feed.walk("VEVENT") if str(i["UID"]) == uid(booked)]
    assert (str(listed["STATUS"]), int(listed["SEQUENCE"])) == ("CANCELLED", booked.sequence)
    assert "ORGANIZER" not in listed
