"""Calendar files follow what became of a meeting or a place: whoever calls a meeting off, or
withdraws, can take it out of their own calendar as their partner's email does; an event goes
into a calendar only with a place (moves and call-offs reach only those), the office's word on
a call-off only into the file of someone who held one; a place recorded absent stays, a
meeting logged as not held is not confirmed, and every event file has a name."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from mentoring.models import EventKind, MeetingStatus, RegistrationStatus
from mentoring.services.events import event_call_off
from mentoring.services.meetings import log_stamp
from mentoring.services.pairs import calendar_feed_for
from tests.briefings import cast_briefings_held
from tests.factories import (
    EventFactory,
    MeetingFactory,
    RegistrationFactory,
    UserFactory,
    agree_ground_rules,
)
from tests.meetings import meeting_logged

pytestmark = pytest.mark.django_db


LONDON = ZoneInfo("Europe/London")


# The reviewer's clock: a Thursday morning in October, before the meetings and events ahead.
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW)


TUESDAY_20_OCTOBER = datetime(2026, 10, 20, 10, 0, tzinfo=LONDON)


def entries(content: bytes) -> dict:
    return {str(item["UID"]): item for item in Calendar.from_ical(content).walk("VEVENT")}


def files_to(address: str) -> list[bytes]:
    """Every calendar file emailed to `address`."""
    return [
        content if isinstance(content, bytes) else content.encode()
        for message in mail.outbox
        if address in message.to
        for name, content, _ in message.attachments
        if name.endswith(".ics")
    ]


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@reverse-mentoring"


def removed_by_a_file(files: list[bytes], key: str) -> bool:
    """Whether one of `files` takes the entry `key` out (cancelled) of a calendar."""
    for content in files:
        item = entries(content).get(key)
        if item is not None and str(item.get("STATUS")) == "CANCELLED":
            return True
    return False


@pytest.fixture
def booked(cast):
    """Maya and Bola's meeting, booked for 10:00 on Tuesday 20 October."""
    return MeetingFactory(match=cast.pair, starts_at=TUESDAY_20_OCTOBER)


def feed_url(token: str) -> str:
    return f"{reverse('calendar_feed')}?token={token}"


def test_maya_who_cancels_her_booked_meeting_gets_a_file_that_takes_it_out_of_her_calendar(
    client, cast, booked, django_capture_on_commit_callbacks
):
    client.force_login(cast.mentor)
    page = client.get(reverse("meeting_detail", args=[booked.pk])).content.decode()
    ics = reverse("meeting_calendar", args=[booked.pk])
    assert ics in page  # she added it to her calendar from here
    assert entries(client.get(ics).content)[uid(booked)]["STATUS"] == "CONFIRMED"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meeting_cancel", args=[booked.pk]),
            {"reason": "Exam board", "sequence": booked.sequence},
            follow=True,
        )
    booked.refresh_from_db()
    assert booked.status == MeetingStatus.CANCELLED

    # Bola is emailed a file that cancels it; Maya, who cancelled, should get one too, or at
    # least be offered it where she ends up or on the meeting's own page.
    assert removed_by_a_file(files_to("bola@example.org"), uid(booked))
    offered = (
        ics in response.content.decode()
        or ics in client.get(reverse("meeting_detail", args=[booked.pk])).content.decode()
    )
    assert removed_by_a_file(files_to("maya@example.org"), uid(booked)) or offered, (
        "Maya's calendar keeps the meeting she cancelled: no file is emailed to her and the "
        "pages no longer link its .ics"
    )


def test_a_mentor_who_withdraws_gets_her_meetings_taken_out_of_her_calendar_too(
    client, cast, booked, django_capture_on_commit_callbacks
):
    """Withdrawing emails her a file that takes her event places out of her calendar; the
    meetings it calls off must leave it too (Bola is sent such a file; she is not)."""
    closing = EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        title="Closing evaluation",
        audience="joint",
    )
    RegistrationFactory(event=closing, person=cast.mentor)
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("apply_withdraw"), {"programme": cast.programme.slug, "confirm": "1"})

    booked.refresh_from_db()
    assert booked.status == MeetingStatus.DROPPED
    assert removed_by_a_file(files_to("bola@example.org"), uid(booked))
    maya = files_to("maya@example.org")
    assert any(f"event-{closing.pk}@reverse-mentoring" in entries(f) for f in maya)
    assert removed_by_a_file(maya, uid(booked)), (
        "the withdrawing mentor's booked meeting stays in her calendar as confirmed"
    )


def test_an_event_maya_holds_no_place_at_is_not_offered_for_her_calendar(client, cast):
    """A full event (Maya has no place) offers "Add to calendar": the entry she adds is never
    updated or cancelled, as moves and call-offs reach only those holding places."""
    cast_briefings_held(cast)
    full = EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience="joint",
        title="Closing evaluation",
        capacity=1,
    )
    RegistrationFactory(event=full, person=UserFactory(email="tom@example.org"))
    client.force_login(cast.mentor)
    add = reverse("event_calendar", args=[full.pk])

    page = client.get(reverse("events")).content.decode()
    assert "Closing evaluation" in page
    assert "Full" in page
    added = client.get(add)
    assert added.status_code == 200
    event_call_off(event=full, by=cast.coordinator, message="")
    told = files_to("maya@example.org")

    assert add not in page, (
        f"offered for her calendar; after it was called off she was sent {len(told)} files"
    )


def test_the_call_off_message_is_not_in_the_file_of_someone_who_held_no_place(client, cast):
    """The office writes the message to those holding places (its confirmation names them;
    /events/ shows it only to them). Omar, a mentor of the programme with no place, opens
    the event's calendar address (ids run in order) and reads it there."""
    message = "Priya and Tom: we will call you about your access needs before the new date."
    briefing = EventFactory(programme=cast.programme, title="October mentor briefing")
    RegistrationFactory(event=briefing, person=UserFactory(email="tom@example.org"))
    event_call_off(event=briefing, by=cast.coordinator, message=message)
    client.force_login(cast.other_mentor)

    events_page = client.get(reverse("events")).content.decode()
    response = client.get(reverse("event_calendar", args=[briefing.pk]))

    assert "October mentor briefing" not in events_page  # not shown to him
    text = response.content.replace(b"\r\n ", b"").decode() if response.status_code == 200 else ""
    assert "access needs" not in text


def test_a_place_recorded_absent_stays_in_the_feed_as_it_did_while_registered(client, cast):
    cast_briefings_held(cast)
    past = EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience="joint",
        title="Mid-year learning set",
        starts_at=NOW - timedelta(days=3),
    )
    registration = RegistrationFactory(event=past, person=cast.mentor)
    token = calendar_feed_for(cast.mentor).token
    key = f"event-{past.pk}@reverse-mentoring"
    assert key in entries(client.get(feed_url(token)).content)

    registration.status = RegistrationStatus.ABSENT  # as the office records it
    registration.save(update_fields=["status"])

    assert key in entries(client.get(feed_url(token)).content), (
        "the event vanished from the subscribed calendar once she was recorded absent"
    )


def test_a_meeting_logged_as_not_taking_place_is_not_confirmed_in_the_calendar(client, cast):
    not_held = MeetingFactory(
        match=cast.pair, starts_at=NOW - timedelta(days=2), status=MeetingStatus.NOT_HELD
    )
    token = calendar_feed_for(cast.mentor).token

    item = entries(client.get(feed_url(token)).content)[uid(not_held)]

    assert str(item["STATUS"]) != "CONFIRMED"


def test_logging_a_meeting_as_not_held_raises_its_sequence_and_held_again_too(client, cast):
    """A calendar app that compares SEQUENCE alone keeps an entry whose SEQUENCE did not
    rise: taken off the calendar by the log (and put back by its correction), it rises."""
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(
        match=cast.pair, starts_at=NOW - timedelta(days=2), status=MeetingStatus.CONFIRMED
    )
    token = calendar_feed_for(cast.mentor).token

    def sequence() -> int:
        return int(entries(client.get(feed_url(token)).content)[uid(meeting)]["SEQUENCE"])

    def log(held: bool, seen=None) -> None:
        meeting_logged(meeting, cast.mentor, held=held, seen_logged_at=seen)
        meeting.refresh_from_db()

    booked_at = sequence()
    log(held=False)
    assert sequence() == booked_at + 1
    log(held=True, seen=log_stamp(meeting))
    assert sequence() == booked_at + 2


def test_an_event_with_a_title_in_another_script_downloads_with_a_name(client, cast):
    cast_briefings_held(cast)
    event = EventFactory(
        programme=cast.programme, kind=EventKind.EVALUATION, audience="joint", title="研修会"
    )
    client.force_login(cast.mentor)

    response = client.get(reverse("event_calendar", args=[event.pk]))

    assert response.status_code == 200
    assert 'filename=".ics"' not in response["Content-Disposition"]
