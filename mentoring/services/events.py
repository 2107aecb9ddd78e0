from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import bounds
from accounts.audit import audit_record
from accounts.mail import TemplatedMail, send_templated_mails
from accounts.models import AuditAction, OutboxMessage, OutboxStatus, User
from accounts.outbox import can_be_emailed, emailable, outbox_cancel
from mentoring.calendar import event_called_off_ics, event_ics, event_place_given_up_ics
from mentoring.models import (
    Audience,
    BoardMember,
    BriefingExemption,
    Event,
    EventKind,
    Match,
    MentorApplication,
    Programme,
    Registration,
    RegistrationStatus,
)
from mentoring.models.events import HOLDS_A_PLACE, RECORDED, event_changes, event_details
from mentoring.selectors import briefed_already, events_for, participations, why_no_place
from mentoring.selectors.cohorts import recipients_fingerprint

REGISTERED = "mentoring/email/registered"
EVENT_CHANGED = "mentoring/email/event_changed"
EVENT_CALLED_OFF = "mentoring/email/event_called_off"
PLACE_GIVEN_UP = "mentoring/email/place_given_up"


def place_about(registration: Registration) -> str:
    """What the emails telling one person of their place at one event are about
    (`OutboxMessage.about`): "registered", "changed", "called off", "given up", each the
    latest word on it (`earlier_place_emails_call_off`)."""
    return f"event:{registration.event_id}:person:{registration.person_id}"


def earlier_place_emails(registrations):
    """What these people were told of their places (`place_about`) that still waits to go,
    or failed."""
    return OutboxMessage.objects.filter(
        about__in=[place_about(registration) for registration in registrations],
        status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED],
    )


def earlier_place_emails_call_off(registrations) -> int:
    """Call off `earlier_place_emails`, in the caller's transaction, as a later email about
    the place is written: after a mail outage the older one, having backed off longer, would
    go after it, and the person's last word on the event would be out of date ("You are
    registered" after "Called off"). A failed one too, so that "send again" does not send it.
    One query, none for nobody."""
    if not registrations:
        return 0
    return outbox_cancel(
        earlier_place_emails(registrations),
        reason="A later email about the event replaces it.",
        failed_too=True,
    )


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


# What an event is stays once people hold places at it: its programme and audience say who
# it is for, its kind whether coming to it counts as being briefed. Changing one would change
# what those people signed up for, and whether they count as briefed, without a word to them.
FIXED_ONCE_TAKEN = ("programme", "kind", "audience")


def fixed_once_taken(*, event: Event, field: str, taken: int | None = None) -> str:
    """Why the saved `event`, where people hold places, keeps its `field` (one of
    FIXED_ONCE_TAKEN), and what to do instead: said beside the field (with how many places
    are `taken`) and refused by the admin's form and by `event_update` (without)."""
    held = "People hold places at this event" if taken is None else _places_are_taken(taken)
    if field == "programme":
        return (
            f"{held}, so it stays in its programme. To run it for another programme, set up "
            "a new event there."
        )
    briefed = "whether coming counts as being briefed"
    if field == "kind":
        stays = "a briefing" if event.kind == EventKind.BRIEFING else "an evaluation event"
        return (
            f"{held}, so it stays {stays}: changing it would change what they signed up for "
            f"and {briefed}. To run another kind of event, set up a new one."
        )
    change = "who it is for" + (f" and {briefed}" if event.kind == EventKind.BRIEFING else "")
    return (
        f"{held}, so it stays for {event.get_audience_display().lower()}: changing it would "
        f"change {change}. For another audience, set up a new event."
    )


# When an event happens stays once it has started or anyone's attendance at it is recorded:
# who came, and so who counts as briefed, is recorded for that time, and attendance is only
# recorded at events that have started (`attendance_mark`).
FIXED_ONCE_HELD = ("starts_at", "ends_at")


def moved_into_the_past(*, taken: int, before: Event, starts_at) -> str | None:
    """Why the saved event `before`, where `taken` places are held, cannot move to start at
    `starts_at`, or None: people would be emailed that it moved to a time gone by. Refused
    beside the start by the admin's form and by `event_update`."""
    if not taken or starts_at is None or starts_at == before.starts_at:
        return None
    if starts_at > timezone.now():
        return None
    return (
        f"{_places_are_taken(taken)}, so it moves only to a time to come: everyone holding "
        "a place is emailed the new time. If it will not happen, call it off instead."
    )


def time_fixed(event: Event) -> str | None:
    """Why the saved `event` keeps its start and end (FIXED_ONCE_HELD), or None while they
    can move: said beside the time fields and refused by the admin's form and by
    `event_update`. `event` read with its places and attendance
    (`Event.objects.with_places_and_attendance()`)."""
    if event.has_started:
        held = "This event has started"
    elif event.attendance_recorded:
        held = "Attendance is recorded at this event"
    else:
        return None
    return (
        f"{held}, so its start and end stay as they are: who came, and who counts as "
        "briefed, is recorded for that time. To hold it again, set up a new event."
    )


def why_not_call_off(event: Event, *, attendance_recorded: bool | None = None) -> str | None:
    """Why the programme office cannot call off the saved `event`, or None when it can: it
    has not started, nobody's attendance is recorded, and it is not called off already. The
    one rule the admin's button and confirmation and `event_call_off` go by.
    `attendance_recorded`: whether anyone's attendance is recorded there, when the caller
    knows or the event was read with it (`with_places_and_attendance`); otherwise read here
    (one query, only for an event still to come)."""
    if event.is_called_off:
        return "This event is called off already."
    if event.has_started:
        return "This event has started, so it can no longer be called off."
    if attendance_recorded is None:
        attendance_recorded = getattr(event, "attendance_recorded", None)
    if attendance_recorded is None:
        attendance_recorded = event.registrations.filter(status__in=RECORDED).exists()
    if attendance_recorded:
        return "Attendance is recorded at this event, so it can no longer be called off."
    return None


def _places_are_taken(count: int) -> str:
    return f"{count} place{' is' if count == 1 else 's are'} taken"


def told_of_changes(event: Event):
    """Whose places a change of `event`'s time or place is emailed to (`event_update`), as
    it stands before the change, by name: those holding places while it is still to come.
    Once it has started, its place may still be corrected, for the record and its calendar
    file, but nobody is emailed: it is too late for anyone to stay away, or to give up a
    place at it. Nor is anyone whose account is switched off (`emailable`)."""
    if event.has_started:
        return event.registrations.none()
    return (
        event.registrations.filter(status__in=HOLDS_A_PLACE).filter(emailable("person__")).by_name()
    )


def changes_since_told(
    changes: list[tuple[str, str, str]], before: Event, unsent: dict | None
) -> list[tuple[str, str, str]]:
    """`changes` (`event_changes` from `before`) as the person would read them after the
    last email of theirs about the place that went. `unsent`: what the "has changed" that
    still waited for them (or failed), and is called off for this one, told changed
    (`OutboxMessage.changes`, as `changes_told` wrote it), which never reached them. Each
    field either named keeps its earliest "was" and takes its latest value, and is left out
    when that is what it was: the room moved from A to B and then the time, both unsent,
    reads "Place: B (was A)" and "When: … (was …)". That email was written with `before` as
    it stands (any later change would have called it off). One written before the record was
    kept holds none: then only `changes` is told, each "was" true if not the earliest."""
    if not unsent:
        return changes
    details = event_details(before)
    latest = {what: now for what, _was, now in changes}
    earliest = {what: was for what, was, _now in changes} | {
        what: told["was"] for what, told in unsent.items() if what in details
    }
    return [
        (what, earliest[what], latest.get(what, details[what]))
        for what in details
        if what in earliest and earliest[what] != latest.get(what, details[what])
    ]


def changes_told(changes: list[tuple[str, str, str]]) -> dict:
    """`changes` as the "has changed" email telling them records them
    (`OutboxMessage.changes`), for `changes_since_told` to read back: an event's times and
    places in words, nothing else."""
    return {what: {"was": was, "now": now} for what, was, now in changes}


def event_update(
    *, event: Event, seen_sequence: int | None = None, seen_places: str | None = None
) -> list[Registration]:
    """Save the office's edit of `event` (the instance, carrying the new values). When its
    time or place moves, its SEQUENCE rises and everyone holding a place is emailed what
    changed with the updated calendar file, in this transaction (`told_of_changes`: nobody
    once it has started). With `seen_sequence` (what a confirmation showed), a save over a
    move nobody saw is refused (EventChanged); with `seen_places` (`places_fingerprint` of
    those it named, or of nobody when none was shown), one that would email someone it did
    not name, or leave out one it named, is refused (PlacesChanged), unless nobody holds a
    place any more: then it is saved, emailing nobody (the caller, who named people, says
    so). Returns the registrations whose people are emailed."""
    with transaction.atomic():
        # Locked as registration_create locks it: nobody takes a place while it changes. Then
        # read with what fixes its fields (the form's reading may be stale), in a statement of
        # its own: one that waited for the lock would count as of before the wait.
        Event.objects.select_for_update().only("pk").get(pk=event.pk)
        before = Event.objects.with_places_and_attendance().get(pk=event.pk)
        if before.is_called_off:
            raise EventError("This event is called off, so it stays as it was.")
        if seen_sequence is not None and seen_sequence != before.sequence:
            raise EventChanged()
        taken = before.places_taken
        problem = places_taken_problem(taken=taken, capacity=event.capacity)
        changed = [
            field
            for field in FIXED_ONCE_TAKEN
            if event.serializable_value(field) != before.serializable_value(field)
        ]
        if taken and changed and not problem:
            problem = fixed_once_taken(event=before, field=changed[0])
        moved = any(getattr(event, field) != getattr(before, field) for field in FIXED_ONCE_HELD)
        if moved and not problem:
            problem = time_fixed(before)
        if not problem:
            problem = moved_into_the_past(taken=taken, before=before, starts_at=event.starts_at)
        if problem:
            raise EventError(problem)
        changes = event_changes(before, event)
        told = list(told_of_changes(before)) if changes else []
        if told and seen_places is not None and places_fingerprint(told) != seen_places:
            raise PlacesChanged(done="nothing was saved")
        event.sequence = before.sequence + 1 if changes else before.sequence
        event.save()
        if not changes:
            return []
        # Someone not yet told that they hold the place (their "You are registered" waits,
        # or failed) is told so now, at the new time and place: "has changed" alone would say
        # neither. Locked, so that a worker does not send it meanwhile: it waits, then finds
        # it called off.
        # Someone whose "has changed" waits (or failed) is told, instead, what changed since
        # the email before it, which did go (`changes_since_told`).
        unsent = {REGISTERED: set(), EVENT_CHANGED: {}}
        for kind, about, changes_unsent in (
            earlier_place_emails(told)
            .filter(kind__in=unsent)
            .select_for_update()
            .order_by("created_at", "pk")
            .values_list("kind", "about", "changes")
        ):
            if kind == REGISTERED:
                unsent[REGISTERED].add(about)
            else:
                unsent[EVENT_CHANGED][about] = changes_unsent
        not_yet_registered = unsent[REGISTERED]
        earlier_place_emails_call_off(told)
        mails, emailed = [], []
        for registration in told:
            about = place_about(registration)
            if about in not_yet_registered:
                mails.append(_registered_mail(registration, event))
                emailed.append(registration)
                continue
            since = changes_since_told(changes, before, unsent[EVENT_CHANGED].get(about))
            if not since:  # all of it back as the last email that went said
                continue
            mails.append(
                TemplatedMail(
                    EVENT_CHANGED,
                    to=registration.person.email,
                    recipient=registration.person,
                    about=about,
                    context={
                        "event": event,
                        "person": registration.person,
                        "changes": since,
                        "changed": {what for what, _was, _now in since},
                    },
                    attachments=[("event.ics", event_ics(event, registration), "text/calendar")],
                    changes=changes_told(since),
                )
            )
            emailed.append(registration)
        send_templated_mails(mails)
    return emailed


def event_call_off(
    *, event: Event, by: User, message: str = "", seen_places: str | None = None
) -> list[Registration]:
    """Call off `event` (`why_not_call_off`), saying `message` to those holding places.
    In one transaction, with the event locked (as `registration_create` locks it, so nobody
    takes a place meanwhile): it is marked called off by `by`, its SEQUENCE rises, the
    audit trail records it, and everyone registered is emailed, with a calendar file that
    cancels the entry they hold (METHOD:CANCEL, their SEQUENCE above it). Their
    registrations keep their status, as the record of who held a place. `seen_places`
    (`places_fingerprint` of the people holding places the confirmation was shown for):
    refused (PlacesChanged) when they are no longer exactly those. Returns the registrations
    whose people are emailed: not one whose account is switched off (`can_be_emailed`)."""
    message = message.strip()
    if len(message) > bounds.SHORT_TEXT:
        raise EventError(bounds.too_long(bounds.SHORT_TEXT))
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("programme").get(pk=event.pk)
        problem = why_not_call_off(event)
        if problem:
            raise EventError(problem)
        told = list(
            event.registrations.filter(status=RegistrationStatus.REGISTERED)
            .select_for_update(of=("self",))
            .by_name()
        )
        if seen_places is not None and places_fingerprint(told) != seen_places:
            raise PlacesChanged()
        event.called_off_at = timezone.now()
        event.called_off_by = by
        event.call_off_message = message
        event.sequence += 1
        event.save(update_fields=["called_off_at", "called_off_by", "call_off_message", "sequence"])
        audit_record(
            actor=by,
            action=AuditAction.EVENT_CALLED_OFF,
            obj=event,
            values={"called_off_at": (None, event.called_off_at)},
            # What the office wrote to participants is theirs to read, not the trail's.
            names=["call_off_message"] if message else [],
        )
        for registration in told:
            registration.event = event  # as called off, at its raised SEQUENCE
        another = (
            _another_briefing_with_room(event, told)
            if event.kind == EventKind.BRIEFING
            else dict.fromkeys(told, False)
        )
        to_be_briefed = (
            _still_to_be_briefed(event, told)
            if event.kind == EventKind.BRIEFING and not event.programme.has_ended
            else dict.fromkeys(told, False)
        )
        emailed = [r for r in told if can_be_emailed(r.person)]
        earlier_place_emails_call_off(told)
        send_templated_mails(
            [
                TemplatedMail(
                    EVENT_CALLED_OFF,
                    to=registration.person.email,
                    recipient=registration.person,
                    about=place_about(registration),
                    context={
                        "event": event,
                        "person": registration.person,
                        "another_briefing": another[registration],
                        "still_to_be_briefed": to_be_briefed[registration],
                    },
                    attachments=[
                        ("event.ics", event_called_off_ics(event, registration), "text/calendar")
                    ],
                )
                for registration in emailed
            ]
        )
    return emailed


def _still_to_be_briefed(event: Event, told: list) -> dict:
    """For each of `told` (registrations at the briefing `event`, being called off), whether
    they still need a briefing in its programme for a part it is for: neither briefed there
    (`_briefed_without`, the briefing rule itself) nor in a pair there. Three queries,
    however many."""
    if not told:
        return {}
    programme = event.programme_id
    sides = (
        {Audience.MENTORS, Audience.BOARD_MEMBERS}
        if event.audience == Audience.JOINT
        else {event.audience}
    )
    briefed, paired = _briefed_without(
        [registration.person_id for registration in told], [programme]
    )
    in_pairs = {
        person for pair_programme, *pair in paired if pair_programme == programme for person in pair
    }
    return {
        registration: registration.person_id not in in_pairs
        and not any(briefed.get((registration.person_id, programme, side)) for side in sides)
        for registration in told
    }


def _another_briefing_with_room(event: Event, told: list) -> dict:
    """For each of `told` (registrations at the briefing `event`, being called off), whether
    another briefing of its programme that briefs them is to come, going ahead and has a
    place free: what their call-off email points to. One for their own side or both sides;
    for a joint briefing, their side is whether they are a board member of the programme.
    False for everyone once the programme has ended (its briefings take no places). At
    most two queries."""
    if event.programme.has_ended or not told:
        return dict.fromkeys(told, False)
    with_room = set(
        Event.objects.upcoming()
        .going_ahead()
        .filter(programme=event.programme_id, kind=EventKind.BRIEFING)
        .exclude(pk=event.pk)
        .with_places_and_attendance()
        .filter(places_taken__lt=F("capacity"))
        .values_list("audience", flat=True)
        .distinct()
    )
    if event.audience != Audience.JOINT:
        sides = dict.fromkeys(told, event.audience)
    else:
        members = set(
            BoardMember.objects.filter(
                programme=event.programme_id,
                user__in=[registration.person_id for registration in told],
            ).values_list("user_id", flat=True)
        )
        sides = {
            registration: Audience.BOARD_MEMBERS
            if registration.person_id in members
            else Audience.MENTORS
            for registration in told
        }
    return {
        registration: bool(with_room & {side, Audience.JOINT})
        for registration, side in sides.items()
    }


class PlacesChanged(EventError):
    """Someone took or gave up a place since the office's confirmation named who would be
    emailed: calling off, or moving, with people told whom nobody saw is refused."""

    def __init__(self, *, done: str = "it was not called off"):
        super().__init__(
            f"Who holds a place at this event changed while you were looking at it, so {done}."
        )


def places_fingerprint(registrations) -> str:
    """Stands for exactly the people of these registrations, as a confirmation names them."""
    return recipients_fingerprint([registration.person for registration in registrations])


# Taking a place at an event no longer the person's: their application was decided or
# withdrawn as they asked.
NO_LONGER_YOURS = (
    "This event is no longer one of yours (your application was decided or withdrawn since "
    "the page was opened), so no place was taken."
)


def registration_create(*, event: Event, person: User) -> Registration:
    """Take a place. The event row is locked, so two people cannot both take the last one.

    A person holds one briefing place in a programme at a time: taking a place at another of
    its briefings moves theirs (`briefing_places_moved`), the old one given back in the same
    transaction and emailed with the calendar file that takes it out. The moved places are
    on the registration returned, as `moved_from`."""
    with transaction.atomic():
        if event.kind == EventKind.BRIEFING:
            # Their row first, as applying and deleting lock it: two briefings taken at once
            # in two tabs wait for each other, and the second moves the first's place.
            User.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
        # Their applications to its programme, as deciding and withdrawing lock them before
        # giving places back: one declined or withdrawn as this place was asked for is found
        # here (and takes none), or comes after and gives this one back.
        list(
            MentorApplication.objects.select_for_update()
            .filter(applicant=person, programme_id=event.programme_id)
            .values_list("pk", flat=True)
        )
        parts = participations(person)
        if not events_for(person, parts, upcoming_only=False).filter(pk=event.pk):
            raise EventError(NO_LONGER_YOURS)
        if event.kind == EventKind.BRIEFING:
            # The briefings whose places this moves, locked with this one.
            leaving = _places_at_other_briefings(event=event, person=person)
            _events_locked(Q(pk=event.pk) | Q(pk__in=leaving.values("event_id")))
        event = Event.objects.select_for_update().select_related("programme").get(pk=event.pk)
        if closed := why_no_place(parts, event):
            raise EventError(closed)
        registration = (
            Registration.objects.select_for_update().filter(event=event, person=person).first()
        )
        if registration and registration.status in HOLDS_A_PLACE:
            raise EventError("You are already registered for this event.")
        taken = event.registrations.filter(status__in=HOLDS_A_PLACE).count()
        if taken >= event.capacity:
            raise EventError(
                "Sorry, this event is full. Choose another date, or ask the programme office "
                "to tell you if a place comes free."
            )
        moved = briefing_places_moved(event=event, person=person)
        if registration is None:
            registration = Registration.objects.create(event=event, person=person)
        else:
            # Taken back after a cancel: the invitation goes one SEQUENCE above it.
            registration.status = RegistrationStatus.REGISTERED
            registration.sequence_offset += 1
            registration.save(update_fields=["status", "sequence_offset", "updated_at"])
        if moved:
            _give_up(
                moved,
                because=f"as you moved to the briefing on {event.when}",
                can_come_back=True,
            )
        _send_registered(registration)
    registration.moved_from = [place.event for place in moved]
    return registration


def briefing_places_moved(*, event: Event, person: User) -> list[Registration]:
    """The places `person` holds at the other briefings to come of `event`'s programme,
    locked: what taking a place at `event`, a briefing, gives up. None for other events."""
    if event.kind != EventKind.BRIEFING:
        return []
    return list(
        _places_at_other_briefings(event=event, person=person)
        .select_for_update(of=("self",))
        .select_related("event__programme", "person")
        .order_by("event__starts_at", "pk")
    )


def _places_at_other_briefings(*, event: Event, person: User):
    """The places `person` holds at the briefings to come of `event`'s programme but
    `event`: those that taking a place at `event` moves."""
    return (
        Registration.objects.held_ahead()
        .filter(person=person, event__programme=event.programme_id, event__kind=EventKind.BRIEFING)
        .exclude(event=event)
    )


def _events_locked(where: Q) -> None:
    """Lock the events `where` names, in one order (by id), as every change to several
    places locks them: two such changes wait for each other, never deadlock, and an
    office's change to one of the events (a new time, a call-off) comes wholly before or
    after, so the calendar file of a place given up cancels above the office's update."""
    list(
        Event.objects.select_for_update().filter(where).order_by("pk").values_list("pk", flat=True)
    )


def _send_registered(registration: Registration) -> None:
    earlier_place_emails_call_off([registration])
    send_templated_mails([_registered_mail(registration, registration.event)])


def _registered_mail(registration: Registration, event: Event) -> TemplatedMail:
    """The email saying "You are registered" for `registration`'s place at `event` as it now
    stands, with the invitation for their calendar."""
    return TemplatedMail(
        REGISTERED,
        to=registration.person.email,
        recipient=registration.person,
        about=place_about(registration),
        context={"event": event, "person": registration.person},
        attachments=[("event.ics", event_ics(event, registration), "text/calendar")],
    )


def why_not_give_up(event: Event, registration: Registration | None) -> str | None:
    """Why this place cannot be given up (EventError's words), or None when it can: the
    service's rule, which the page asking first reads too (mentoring.views.events.cancel)."""
    if registration is None or registration.status != RegistrationStatus.REGISTERED:
        return f"You hold no place at {event.title} to give up."
    if event.is_called_off:
        return "This event is called off, so there is no place to cancel."
    if event.has_started:
        return "This event has already started, so it can no longer be cancelled."
    return None


def registration_cancel(*, event: Event, person: User) -> None:
    with transaction.atomic():
        # Locked as `event_call_off` locks it: a place is not given up while the event is
        # called off, which would email the person twice.
        event = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event__programme", "person")
            .filter(event=event, person=person)
            .first()
        )
        if problem := why_not_give_up(event, registration):
            raise EventError(problem)
        _give_up(
            [registration], because="as you asked", can_come_back=could_come_back(event, person)
        )


def could_come_back(event: Event, person: User) -> bool:
    """Whether `person`, giving up their place at `event`, could take one again while places
    are free: the event takes places from them (`why_no_place`: not a briefing of a
    programme that has ended, say, nor any event of one that ended before they were paired
    in it) and, a briefing, they have not been briefed already (`briefed_already`). What the
    page asking first and the email after say."""
    parts = participations(person)
    return why_no_place(parts, event) is None and not briefed_already(parts, event)


def places_give_up(*, registrations, because: str) -> int:
    """Give up these places (still held, at events to come) for others to take, and email
    each person that theirs is given up `because` ("as you have withdrawn…"), with a
    calendar file that takes it out of their calendar. In the caller's transaction; how
    many were given up."""
    with transaction.atomic():
        # Their events first, as moving a place locks them.
        _events_locked(Q(pk__in=registrations.held_ahead().values("event_id")))
        held = list(
            registrations.held_ahead()
            .select_for_update(of=("self",))
            .select_related("event__programme", "person")
            .order_by("event__starts_at", "pk")
        )
        # An event called off while these rows were waiting for their locks: its people were
        # told already. Asked in a statement of its own, which sees what that committed.
        called_off = set(
            Event.objects.filter(
                pk__in={r.event_id for r in held}, called_off_at__isnull=False
            ).values_list("pk", flat=True)
        )
        held = [r for r in held if r.event_id not in called_off]
        _give_up(held, because=because, can_come_back=False)
    return len(held)


def _give_up(registrations: list[Registration], *, because: str, can_come_back: bool) -> None:
    """The places given back, and each person told, with the calendar file that cancels."""
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).give_back()
    for registration in registrations:
        registration.sequence_offset += 1  # as `give_back` raised it (the rows are locked)
    earlier_place_emails_call_off(registrations)
    send_templated_mails(
        [
            TemplatedMail(
                PLACE_GIVEN_UP,
                to=registration.person.email,
                recipient=registration.person,
                about=place_about(registration),
                context={
                    "event": registration.event,
                    "person": registration.person,
                    "because": because,
                    "can_come_back": can_come_back,
                },
                attachments=[
                    (
                        "event.ics",
                        event_place_given_up_ics(registration.event, registration),
                        "text/calendar",
                    )
                ],
            )
            for registration in registrations
        ]
    )


def attendance_mark(*, registrations, status: str, seen: dict[int, str] | None = None) -> int:
    """Record attendance in bulk, for events that have started and were not called off.
    `seen`: each place's status as a confirmation showed it, by id: only places still so
    change (checked by the update itself). Returns how many changed."""
    if status not in (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT):
        raise ValueError(f"Not an attendance status: {status}")
    now = timezone.now()
    marked = (
        registrations.going_ahead()
        .filter(event__starts_at__lte=now)
        .exclude(status__in=[RegistrationStatus.CANCELLED, status])
    )
    if seen is not None:
        as_seen = Q(pk__in=[])
        for shown in set(seen.values()):
            as_seen |= Q(status=shown, pk__in=[pk for pk, was in seen.items() if was == shown])
        marked = marked.filter(as_seen)
    # `update` skips `auto_now`: the time of the change is set here.
    return marked.update(status=status, updated_at=now)


def _briefed_without(people, programmes, *, registrations=(), exemptions=()):
    """Whether each of `people` would still count as briefed in each of `programmes` without
    these registrations and exemptions (ids), as {(person, programme, audience of their
    part): briefed}, one entry per part they hold (mentor, board member): the briefing rule
    itself (`with_briefed`, as the lists and the match board read it). With the pairs
    they are in, as {(programme, mentor, board member)}. Three queries, however many."""
    leaving_out = {"not_counting": registrations, "not_exempting": exemptions}
    still_briefed = {
        (person, programme, Audience.MENTORS): briefed
        for person, programme, briefed in MentorApplication.objects.filter(
            applicant__in=people, programme__in=programmes
        )
        .with_briefed(**leaving_out)
        .values_list("applicant", "programme", "is_briefed")
    } | {
        (person, programme, Audience.BOARD_MEMBERS): briefed
        for person, programme, briefed in BoardMember.objects.filter(
            user__in=people, programme__in=programmes
        )
        .with_briefed(**leaving_out)
        .values_list("user", "programme", "is_briefed")
    }
    paired = set(
        Match.objects.active()
        .filter(Q(mentor__applicant__in=people) | Q(board_member__user__in=people))
        .values_list("programme", "mentor__applicant", "board_member__user")
    )
    return still_briefed, paired


def _no_longer_briefed(person: int, programme: int, paired) -> str:
    said = "will no longer count as briefed"
    if any(pair_programme == programme and person in pair for pair_programme, *pair in paired):
        said += ", though they are in a pair (the pair stays as it is)"
    return said


def absence_consequences(registrations: list[Registration]) -> dict[int, str]:
    """What marking absent these places, recorded as attended, changes, by registration: at
    a briefing, its person no longer counts as briefed in that programme (unless another
    briefing they attended or an exemption still counts), and a pair they are in stays,
    for each part the briefing was theirs for: as a mentor, as a board member
    (`_briefed_without`). Three queries, however many. Each registration comes with its
    event and person."""
    attended_briefings = [
        r
        for r in registrations
        if r.status == RegistrationStatus.ATTENDED and r.event.kind == EventKind.BRIEFING
    ]
    still_briefed, paired = _briefed_without(
        {r.person_id for r in attended_briefings},
        {r.event.programme_id for r in attended_briefings},
        registrations=[r.pk for r in registrations],
    )
    consequences = {}
    for registration in registrations:
        if registration.status != RegistrationStatus.ATTENDED:
            continue
        event, person = registration.event, registration.person_id
        if event.kind != EventKind.BRIEFING:
            consequences[registration.pk] = "recorded as attended; will count as not having come"
            continue
        # The parts this briefing counted for: someone in neither counted only by coming.
        parts = [
            briefed
            for (who, programme, audience), briefed in still_briefed.items()
            if (who, programme) == (person, event.programme_id)
            and event.audience in (audience, Audience.JOINT)
        ]
        if parts and all(parts):
            said = "still counts as briefed (another briefing attended, or an exemption)"
        else:
            said = _no_longer_briefed(person, event.programme_id, paired)
        consequences[registration.pk] = f"recorded as attended; {said}"
    return consequences


def exemption_consequences(exemptions) -> dict[int, str]:
    """What deleting these briefing exemptions changes, by exemption: its person no longer
    counts as briefed in its programme, in any part they hold there, unless a briefing they
    attended for it still counts; a pair they are in stays (`_briefed_without`). Three
    queries, however many."""
    still_briefed, paired = _briefed_without(
        {e.person_id for e in exemptions},
        {e.programme_id for e in exemptions},
        exemptions=[e.pk for e in exemptions],
    )
    consequences = {}
    for exemption in exemptions:
        person, programme = exemption.person_id, exemption.programme_id
        parts = [
            briefed
            for (who, where, _audience), briefed in still_briefed.items()
            if (who, where) == (person, programme)
        ]
        if not parts:
            consequences[exemption.pk] = "takes no part in it any more; nothing else changes"
        elif all(parts):
            consequences[exemption.pk] = "still counts as briefed (a briefing attended)"
        else:
            consequences[exemption.pk] = _no_longer_briefed(person, programme, paired)
    return consequences


def briefing_exempt(
    *, programme: Programme, person: User, note: str, recorded_by: User
) -> BriefingExemption:
    exemption, _ = BriefingExemption.objects.get_or_create(
        programme=programme, person=person, defaults={"note": note, "recorded_by": recorded_by}
    )
    return exemption
