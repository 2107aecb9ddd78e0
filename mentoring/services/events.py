from django.db import transaction
from django.utils import timezone

from accounts.mail import send_templated_mail
from accounts.models import User
from mentoring.calendar import event_ics
from mentoring.models import BriefingExemption, Event, Programme, Registration, RegistrationStatus
from mentoring.models.events import HOLDS_A_PLACE, event_changes


class EventError(Exception):
    """Why a registration or an event could not be made or changed, in words for the person."""


class EventChanged(EventError):
    """The event's time or place moved (its `sequence`) since the office's confirmation
    showed it: telling people about a change nobody saw is refused."""

    def __init__(self):
        super().__init__(
            "This event's time or place changed while you were looking at it, so nothing was saved."
        )


def places_taken_problem(*, taken: int, capacity: int) -> str | None:
    """Why `capacity` is too small for the places already taken, or None if it is not."""
    if capacity >= taken:
        return None
    if taken == 1:
        return "1 place is taken: the capacity cannot be less than that."
    return f"{taken} places are taken: the capacity cannot be less than that."


def event_update(*, event: Event, seen_sequence: int | None = None) -> list[Registration]:
    """Save the office's edit of `event` (the instance, carrying the new values). When its
    time or place moves, its SEQUENCE rises and everyone holding a place is emailed what
    changed with the updated calendar file, in this transaction. With `seen_sequence` (what
    a confirmation showed), a save over a move nobody saw is refused (EventChanged).
    Returns the registrations whose people are emailed."""
    with transaction.atomic():
        # Locked as registration_create locks it: nobody takes a place while it changes.
        before = Event.objects.select_for_update().get(pk=event.pk)
        if seen_sequence is not None and seen_sequence != before.sequence:
            raise EventChanged()
        holding = before.registrations.filter(status__in=HOLDS_A_PLACE)
        problem = places_taken_problem(taken=holding.count(), capacity=event.capacity)
        if problem:
            raise EventError(problem)
        changes = event_changes(before, event)
        event.sequence = before.sequence + 1 if changes else before.sequence
        event.save()
        if not changes:
            return []
        told = list(holding.select_related("person").order_by("person__full_name", "pk"))
        calendar_file = event_ics(event)
        for registration in told:
            send_templated_mail(
                "mentoring/email/event_changed",
                to=registration.person.email,
                recipient=registration.person,
                context={"event": event, "person": registration.person, "changes": changes},
                attachments=[("event.ics", calendar_file, "text/calendar")],
            )
    return told


def registration_create(*, event: Event, person: User) -> Registration:
    """Take a place. The event row is locked, so two people cannot both take the last one."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("programme").get(pk=event.pk)
        if event.has_started:
            raise EventError("This event has already taken place, so registration is closed.")
        registration = Registration.objects.filter(event=event, person=person).first()
        if registration and registration.status in HOLDS_A_PLACE:
            raise EventError("You are already registered for this event.")
        taken = event.registrations.filter(status__in=HOLDS_A_PLACE).count()
        if taken >= event.capacity:
            raise EventError(
                "Sorry, this event is full. Choose another date, or ask the programme office "
                "to tell you if a place comes free."
            )
        if registration is None:
            registration = Registration.objects.create(event=event, person=person)
        else:
            registration.status = RegistrationStatus.REGISTERED
            registration.save(update_fields=["status", "updated_at"])
        _send_registered(registration)
    return registration


def _send_registered(registration: Registration) -> None:
    event = registration.event
    send_templated_mail(
        "mentoring/email/registered",
        to=registration.person.email,
        recipient=registration.person,
        context={"event": event, "person": registration.person},
        attachments=[("event.ics", event_ics(event), "text/calendar")],
    )


def registration_cancel(*, event: Event, person: User) -> None:
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().filter(event=event, person=person).first()
        )
        if registration is None or registration.status != RegistrationStatus.REGISTERED:
            raise EventError("You are not registered for this event.")
        if event.has_started:
            raise EventError("This event has already started, so it can no longer be cancelled.")
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])


def attendance_mark(*, registrations, status: str) -> int:
    """Record attendance in bulk, for events that have started. Returns how many changed."""
    if status not in (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT):
        raise ValueError(f"Not an attendance status: {status}")
    return (
        registrations.filter(event__starts_at__lte=timezone.now())
        .exclude(status__in=[RegistrationStatus.CANCELLED, status])
        .update(status=status)
    )


def briefing_exempt(
    *, programme: Programme, person: User, note: str, recorded_by: User
) -> BriefingExemption:
    exemption, _ = BriefingExemption.objects.get_or_create(
        programme=programme, person=person, defaults={"note": note, "recorded_by": recorded_by}
    )
    return exemption
