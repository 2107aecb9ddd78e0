"""What a person is told of an event, and still waits to go (the mail server away), is called
off by a later email to them about that event: after an outage the older email, having backed
off longer, went last, and the last word a person read of the event was out of date ("You
are registered" after "Called off"). What survives says, alone, what the person needs: a
place taken and then moved before either email went arrives as "You are registered", at the
new time. Emails to others, and about other events, wait on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import Audience, EventKind
from mentoring.services.events import (
    event_call_off,
    event_update,
    registration_cancel,
    registration_create,
)
from tests.cast import from_the_cast
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

maya = from_the_cast("mentor")
coordinator = from_the_cast("coordinator")

REPLACED = "A later email about the event replaces it."


@pytest.fixture
def briefing(cast):
    """A briefing for both sides in a fortnight."""
    return EventFactory(
        programme=cast.programme,
        title="Joint briefing",
        audience=Audience.JOINT,
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=14),
    )


def subjects_to(mailoutbox, address: str) -> list[str]:
    return [mail.subject for mail in mailoutbox if mail.to == [address]]


def moved_an_hour_later(event):
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    return event_update(event=event)


def test_a_place_taken_moved_then_called_off_during_an_outage_arrives_only_as_called_off(
    maya,
    briefing,
    coordinator,
    cast,
    mail_outage,
    time_machine,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    """Maya takes a place while the mail server is away; a minute later the briefing moves,
    20 minutes after that it is called off. Back after 70 minutes, the server was handed
    "Called off" first, then (having backed off longer) "You are registered" and "Changed":
    Maya's last word was that it is on. Now only "Called off" goes, to her and to Omar, who
    took his place just before her."""
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=briefing, person=cast.other_mentor)
        registration_create(event=briefing, person=maya)
    for minute in range(1, 140):
        time_machine.move_to(start + timedelta(minutes=minute), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            if minute == 1:
                moved_an_hour_later(briefing)
            if minute == 21:
                event_call_off(event=briefing, by=coordinator)
        mail_outage.ongoing = minute < 70
        with django_capture_on_commit_callbacks(execute=True):
            outbox_sweep()

    starts = timezone.localtime(briefing.starts_at)
    called_off = f"Called off: Joint briefing, {starts:%A %-d %B, %H:%M %Z}"
    assert subjects_to(mailoutbox, maya.email) == [called_off]
    assert subjects_to(mailoutbox, "omar@example.org") == [called_off]
    replaced = OutboxMessage.objects.filter(recipient=maya).exclude(kind__endswith="called_off")
    assert replaced.count() == 2
    assert {(message.status, message.cancelled_reason) for message in replaced} == {
        (OutboxStatus.CANCELLED, REPLACED)
    }


def waiting_to(person) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(recipient=person, status=OutboxStatus.PENDING).order_by("pk")
    )


def test_a_place_moved_before_it_was_told_is_told_once_as_registered_at_the_new_time(
    maya, briefing
):
    registration_create(event=briefing, person=maya)

    moved_an_hour_later(briefing)

    [registered] = waiting_to(maya)
    assert registered.kind == "mentoring/email/registered"
    when = briefing.when
    assert f"When: {when}" in registered.text
    assert when in registered.html
    assert "was " not in registered.text


def test_a_change_after_registered_went_is_told_as_a_change(maya, briefing):
    registration_create(event=briefing, person=maya)
    OutboxMessage.objects.filter(recipient=maya).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )

    moved_an_hour_later(briefing)

    [changed] = waiting_to(maya)
    assert changed.kind == "mentoring/email/event_changed"


def test_a_place_given_up_before_it_was_told_is_told_only_as_given_up(maya, briefing):
    registration_create(event=briefing, person=maya)
    [registered] = waiting_to(maya)

    registration_cancel(event=briefing, person=maya)

    [given_up] = waiting_to(maya)
    assert given_up.kind == "mentoring/email/place_given_up"
    registered.refresh_from_db()
    assert (registered.status, registered.cancelled_reason) == (OutboxStatus.CANCELLED, REPLACED)


def test_a_failed_email_about_the_event_is_called_off_too_and_others_are_left_alone(
    maya, briefing, cast
):
    """A failed email is called off as well, so that "send again" does not send it. Omar's
    email about the same event, and Maya's about another event, are left as they were."""
    other = EventFactory(
        programme=cast.programme, kind=EventKind.EVALUATION, title="Learning session"
    )
    registration_create(event=other, person=maya)
    registration_create(event=briefing, person=cast.other_mentor)
    registration_create(event=briefing, person=maya)
    OutboxMessage.objects.update(status=OutboxStatus.FAILED)

    registration_cancel(event=briefing, person=maya)

    assert {
        (message.recipient.full_name, message.subject, message.status)
        for message in OutboxMessage.objects.select_related("recipient")
    } == {
        ("Maya Mentor", "You are registered: Learning session", OutboxStatus.FAILED),
        ("Omar Other", "You are registered: Joint briefing", OutboxStatus.FAILED),
        ("Maya Mentor", "You are registered: Joint briefing", OutboxStatus.CANCELLED),
        ("Maya Mentor", "Your place is given up: Joint briefing", OutboxStatus.PENDING),
    }


def test_two_quick_changes_arrive_as_one_email_naming_both_against_what_went_last(maya, briefing):
    """Maya's "You are registered" went, at Room A. The briefing moves to Room B, and, while
    that email waits (the mail server away), an hour later: what goes names the new room
    and the new time, each against what Maya was last sent."""
    briefing.location = "Room A"
    briefing.save()
    registration_create(event=briefing, person=maya)
    OutboxMessage.objects.filter(recipient=maya).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    first = briefing.when
    briefing.location = "Room B"
    event_update(event=briefing)
    OutboxMessage.objects.filter(recipient=maya, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.FAILED
    )

    moved_an_hour_later(briefing)

    [changed] = waiting_to(maya)
    assert changed.kind == "mentoring/email/event_changed"
    assert "Place: Room B (was Room A)" in changed.text
    assert f"When: {briefing.when} (was {first})" in changed.text
    assert "Room B</strong> (was Room A)" in changed.html


def test_a_change_undone_before_its_email_went_is_left_out_of_the_next(maya, briefing):
    """The room moves from A to B and back while that email waits, then the time moves:
    the email that goes names the time alone."""
    briefing.location = "Room A"
    briefing.save()
    registration_create(event=briefing, person=maya)
    OutboxMessage.objects.filter(recipient=maya).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    briefing.location = "Room B"
    event_update(event=briefing)
    briefing.location = "Room A"
    assert event_update(event=briefing) == []
    assert waiting_to(maya) == []

    moved_an_hour_later(briefing)

    [changed] = waiting_to(maya)
    assert "Place:" not in changed.text
    assert "When: " in changed.text
