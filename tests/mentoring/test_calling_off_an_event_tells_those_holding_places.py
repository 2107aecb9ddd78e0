"""Calling off an event (`event_call_off`): in one transaction the event is marked called
off by the coordinator, its SEQUENCE rises, the audit trail records it, and everyone
registered is emailed (text and HTML, times in the programme's time zone, the office's
message) with a calendar file that cancels the entry they hold. Their registrations keep
their status. An event that has started, has attendance recorded or is called off already
is refused; so is a call-off whose people changed since the office saw them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from icalendar import Calendar

from accounts.models import AuditAction, AuditEvent, OutboxMessage
from mentoring.models import Event, Registration, RegistrationStatus
from mentoring.services.events import (
    EventError,
    PlacesChanged,
    event_call_off,
    places_fingerprint,
    registration_cancel,
)
from tests.cast import from_the_cast
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)
MESSAGE = "Our speaker is unwell.\nWe will set a new date soon."


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme")
coordinator = from_the_cast("coordinator")


def person(full_name):
    address = full_name.lower().replace(" ", ".")
    return UserFactory(full_name=full_name, email=f"{address}@example.org")


@pytest.fixture
def briefing(programme):
    """The board members' briefing on Thursday 8 October: Priya and Tom hold places (Tom's
    calendar entry is one turn ahead: he gave his place up and took it back); Dana gave hers
    back."""
    event = EventFactory(
        programme=programme,
        title="Board-member briefing",
        starts_at=datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
        location="Senate Room, Main Building",
    )
    RegistrationFactory(event=event, person=person("Priya Patel"))
    RegistrationFactory(event=event, person=person("Tom Tran"), sequence_offset=2)
    RegistrationFactory(event=event, person=person("Dana Dunn"), status="cancelled")
    return event


def call_off(event, coordinator, message=MESSAGE, **kwargs):
    return event_call_off(event=event, by=coordinator, message=message, **kwargs)


def emailed(to: str):
    [message] = [message for message in mail.outbox if message.to == [to]]
    return message


def calendar_sent(message):
    """The calendar file attached to `message`: (METHOD, its one entry)."""
    [(name, ics, kind)] = message.attachments
    assert (name, kind) == ("event.ics", "text/calendar")
    calendar = Calendar.from_ical(ics)
    [item] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), item


def test_everyone_holding_a_place_is_emailed_that_it_is_called_off_with_the_message(
    briefing, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        told = call_off(briefing, coordinator)

    assert [r.person.full_name for r in told] == ["Priya Patel", "Tom Tran"]
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "priya.patel@example.org",
        "tom.tran@example.org",
    ]
    message = emailed("priya.patel@example.org")
    assert message.subject == "Called off: Board-member briefing, Thursday 8 October, 14:00 BST"
    assert "Dear Priya," in message.body
    assert (
        "The programme office has called off Board-member briefing (2026/27 pilot), where you "
        "had a place. It will not take place." in message.body
    )
    assert "When it was to be: Thursday 8 October 2026, 14:00 to 17:30 BST" in message.body
    assert "Where: Senate Room, Main Building" in message.body
    assert f"A word from the programme office:\n{MESSAGE}\n" in message.body
    assert "take a place at another one on the events page" in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "<strong>Board-member briefing</strong> (2026/27 pilot)" in html
    assert "When it was to be: Thursday 8 October 2026, 14:00 to 17:30 BST" in html
    assert "<blockquote>Our speaker is unwell.<br>We will set a new date soon.</blockquote>" in html


def test_the_message_is_escaped_in_the_html_email(
    briefing, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_off(briefing, coordinator, message="Room <b>closed</b> & locked")

    message = emailed("priya.patel@example.org")
    assert "Room <b>closed</b> & locked" in message.body
    [(html, _)] = message.alternatives
    assert "Room &lt;b&gt;closed&lt;/b&gt; &amp; locked" in html


def test_without_a_message_the_email_says_none(
    briefing, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_off(briefing, coordinator, message="   ")

    message = emailed("priya.patel@example.org")
    assert "A word from the programme office" not in message.body
    assert Event.objects.get(pk=briefing.pk).call_off_message == ""


def test_the_calendar_file_cancels_each_persons_entry_above_the_one_they_hold(
    briefing, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_off(briefing, coordinator)

    # The event's SEQUENCE rose from 0 to 1; each person's is that plus their own turns.
    for address, sequence in [("priya.patel@example.org", 1), ("tom.tran@example.org", 3)]:
        method, item = calendar_sent(emailed(address))
        assert method == "CANCEL"
        assert str(item["UID"]) == f"event-{briefing.pk}@reverse-mentoring"
        assert item["SEQUENCE"] == sequence
        assert str(item["STATUS"]) == "CANCELLED"
        assert item.decoded("DTSTART") == datetime(2026, 10, 8, 14, 0, tzinfo=LONDON)


def test_the_event_is_marked_called_off_and_the_registrations_keep_their_status(
    briefing, coordinator
):
    call_off(briefing, coordinator)

    event = Event.objects.get(pk=briefing.pk)
    assert event.called_off_at == NOW
    assert event.called_off_by == coordinator
    assert event.call_off_message == MESSAGE
    assert event.sequence == 1
    statuses = Registration.objects.filter(event=event).order_by("person__full_name")
    assert [(r.person.full_name, r.status, r.sequence_offset) for r in statuses] == [
        ("Dana Dunn", "cancelled", 0),
        ("Priya Patel", "registered", 0),
        ("Tom Tran", "registered", 2),
    ]


def test_the_audit_trail_records_who_called_it_off_and_not_the_message(briefing, coordinator):
    call_off(briefing, coordinator)

    [row] = AuditEvent.objects.filter(action=AuditAction.EVENT_CALLED_OFF)
    assert row.actor == coordinator
    assert row.actor_label == "Carmen Coordinator <carmen@example.org>"
    assert row.object_label == f"Event #{briefing.pk}"
    assert row.object_name.text == "Board-member briefing (08 Oct 2026), 2026/27 pilot"
    assert row.changes == {
        "called_off_at": {"old": None, "new": "2026-09-15T09:00:00+00:00"},  # 10:00 BST
        "call_off_message": {},
    }
    assert "speaker" not in str(row.changes)


def test_the_emails_are_written_to_the_outbox_in_the_same_transaction(
    briefing, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_off(briefing, coordinator)

        # Written with the change; sent only once it is committed.
        rows = OutboxMessage.objects.filter(kind="mentoring/email/event_called_off")
        assert sorted(rows.values_list("to", flat=True)) == [
            "priya.patel@example.org",
            "tom.tran@example.org",
        ]
        assert mail.outbox == []
    assert callbacks


def test_a_call_off_that_rolls_back_leaves_no_email_no_trail_and_the_event_going_ahead(
    briefing, coordinator
):
    def call_off_in_a_request_that_fails():
        with transaction.atomic():
            call_off(briefing, coordinator)
            raise RuntimeError("the request failed after the call-off")

    with pytest.raises(RuntimeError):
        call_off_in_a_request_that_fails()

    event = Event.objects.get(pk=briefing.pk)
    assert (event.called_off_at, event.called_off_by, event.sequence) == (None, None, 0)
    assert not OutboxMessage.objects.filter(kind="mentoring/email/event_called_off").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EVENT_CALLED_OFF).exists()


def test_nobody_holding_a_place_calls_it_off_and_emails_nobody(programme, coordinator):
    event = EventFactory(programme=programme)

    assert call_off(event, coordinator) == []

    assert Event.objects.get(pk=event.pk).called_off_at == NOW
    assert not OutboxMessage.objects.filter(kind="mentoring/email/event_called_off").exists()


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (
            lambda event: Event.objects.filter(pk=event.pk).update(
                starts_at=NOW - timedelta(hours=1)
            ),
            "This event has started, so it can no longer be called off.",
        ),
        (
            lambda event: Registration.objects.filter(
                event=event, person__full_name="Priya Patel"
            ).update(status=RegistrationStatus.ATTENDED),
            "Attendance is recorded at this event, so it can no longer be called off.",
        ),
    ],
    ids=["started", "attendance recorded"],
)
def test_an_event_that_started_or_has_attendance_recorded_is_refused(
    briefing, coordinator, make, said
):
    make(briefing)

    with pytest.raises(EventError, match=said):
        call_off(briefing, coordinator)

    assert Event.objects.get(pk=briefing.pk).called_off_at is None
    assert not OutboxMessage.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EVENT_CALLED_OFF).exists()


def test_an_event_called_off_already_is_refused_and_nobody_is_emailed_twice(
    briefing, coordinator, cast
):
    call_off(briefing, coordinator)

    with pytest.raises(EventError, match="This event is called off already"):
        call_off(briefing, cast.superuser, message="Again")

    event = Event.objects.get(pk=briefing.pk)
    assert (event.called_off_by, event.call_off_message, event.sequence) == (
        coordinator,
        MESSAGE,
        1,
    )
    assert OutboxMessage.objects.filter(kind="mentoring/email/event_called_off").count() == 2


def test_a_message_past_its_limit_is_refused(briefing, coordinator):
    with pytest.raises(EventError, match="up to 1,000 characters"):
        call_off(briefing, coordinator, message="x" * 1_001)

    assert Event.objects.get(pk=briefing.pk).called_off_at is None


def test_the_people_the_office_saw_must_still_be_those_holding_places(briefing, coordinator):
    seen = places_fingerprint(list(briefing.registrations.filter(status="registered")))
    RegistrationFactory(event=briefing, person=person("Ada Adeyemi"))

    with pytest.raises(PlacesChanged):
        call_off(briefing, coordinator, seen_places=seen)

    assert Event.objects.get(pk=briefing.pk).called_off_at is None
    assert not OutboxMessage.objects.exists()


def test_a_place_at_an_event_called_off_cannot_be_cancelled(briefing, coordinator):
    call_off(briefing, coordinator)
    priya = Registration.objects.get(event=briefing, person__full_name="Priya Patel")

    with pytest.raises(EventError, match="This event is called off, so there is no place"):
        registration_cancel(event=briefing, person=priya.person)

    priya.refresh_from_db()
    assert (priya.status, priya.sequence_offset) == ("registered", 0)


@pytest.mark.parametrize(
    "fields",
    [
        {"call_off_message": "Called off?"},
        {"called_off_by_id": "coordinator"},
        {"called_off_at": NOW + timedelta(days=30)},  # after it started
    ],
    ids=["message without calling off", "by without calling off", "called off after the start"],
)
def test_the_database_refuses_a_call_off_that_does_not_add_up(briefing, coordinator, fields):
    if fields.get("called_off_by_id") == "coordinator":
        fields = {"called_off_by_id": coordinator.pk}

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=briefing.pk).update(**fields)
