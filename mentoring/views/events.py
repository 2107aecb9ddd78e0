from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from accounts.buttons import button_only
from config.templating import and_list
from mentoring.access import drafts_refused, event_for_participant, event_to_take_part_in
from mentoring.calendar import event_ics, event_place_given_up_ics
from mentoring.models import BoardMember, EventKind, ProgrammeStatus
from mentoring.models.events import HOLDS_A_PLACE
from mentoring.navigation import apply_offered, facts_for, parts_kept
from mentoring.selectors import (
    applications_listed,
    briefed_already,
    ended_before_paired,
    events_listed,
    participations,
    why_no_place,
)
from mentoring.services.events import (
    EventError,
    could_come_back,
    registration_cancel,
    registration_create,
    why_not_give_up,
)
from mentoring.stages import application_stage, part_standing


@login_required
def event_list(request):
    applications = applications_listed(request.user)
    parts = participations(
        request.user,
        applications=applications,
        board_member=parts_kept(request.user)["board_member"],
    )
    events = []
    # The programmes whose briefings are left out, for a part they have been briefed in
    # already (a step passed), named on the page: someone in two programmes may still be
    # offered the other's.
    skipped = {}
    # With those called off where the person held a place: the page says so, once.
    for event in events_listed(request.user, parts):
        if why_no_place(parts, event) and event.my_status != "registered":
            # No place to take, and none held: a briefing of a programme that has ended, or
            # any event of one that ended before they were paired in it.
            continue
        # A place kept there says they need not come, as the page says where they stand.
        event.ended_before_paired = ended_before_paired(parts, event)
        event.briefed_already = briefed_already(parts, event)
        if event.briefed_already and event.my_status != "registered":
            skipped.setdefault(event.programme_id, event.programme.name)
        else:
            events.append(event)
    # The briefing place each programme's person holds: another briefing of it offers to move
    # it there (`registration_create` gives one up as it takes the other).
    held = {
        event.programme_id: event
        for event in events
        if event.kind == EventKind.BRIEFING
        and event.my_status == "registered"
        and not event.is_called_off
    }
    for event in events:
        moving_from = held.get(event.programme_id) if event.kind == EventKind.BRIEFING else None
        # To take a place: the one held it would move; called off: the one they hold now.
        event.moving_from = moving_from if moving_from is not event else None
    return render(
        request,
        "mentoring/events.html",
        {
            "events": events,
            # Every part in a programme that ended before they were paired in it: the page
            # says where they stand in each (as the dashboard does), above any place they
            # still hold, not what the cohort does next nor that nothing is on "just now".
            "ended_unpaired": [part_standing(part) for part in parts]
            if parts and all(part.ended_unpaired for part in parts)
            else [],
            # A briefing called off points to another of its programme only when one has a
            # place to take (another programme's does not brief them for this one): the
            # soonest, named and linked, as it may be listed above or below.
            "briefing_to_take": _soonest_briefing_to_take(events),
            "briefings_skipped": list(skipped.values()),
            # A briefing they hold a place at is listed although they are briefed already.
            "briefing_kept": any(
                event.programme_id in skipped and event.kind == EventKind.BRIEFING
                for event in events
            ),
            "participations": parts,
            # Why someone taking no part has no events: where each application stands.
            "applications": _standings(request.user, applications) if not parts else [],
            # Taking no part: whether applying is a step they can take now (no query: the
            # facts are the navigation's, read above).
            "apply_offered": apply_offered(facts_for(request.user)) if not parts else False,
            # A board member of a programme not yet published: said so, as the dashboard does.
            "preparing": list(
                BoardMember.objects.filter(
                    user=request.user, programme__status=ProgrammeStatus.DRAFT
                ).values_list("programme__name", flat=True)
            )
            if not parts
            else [],
        },
    )


def _soonest_briefing_to_take(events) -> dict:
    """Each programme's soonest briefing with a place to take, by programme id: the first
    listed, as `events_listed` reads them in order of starting."""
    soonest = {}
    for event in events:
        if event.kind == EventKind.BRIEFING and event.place_to_take:
            soonest.setdefault(event.programme_id, event)
    return soonest


def _event_reached(request, pk) -> None:
    """404 for an event that is not one of the person's (`event_to_take_part_in`)."""
    event_to_take_part_in(request.user, pk)


@login_required
@button_only(lambda pk: reverse("events"), "Register", reach=_event_reached)
def register(request, pk):
    parts = participations(request.user)
    event = event_to_take_part_in(request.user, pk, parts)
    if briefed_already(parts, event):
        # The page offers no button for it; a place is not taken from someone who needs it.
        messages.info(
            request, "You have been briefed already, so you need not come to this briefing."
        )
        return redirect("events")
    try:
        registration = registration_create(event=event, person=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        if registration.moved_from:
            given_up = and_list([place.when for place in registration.moved_from])
            messages.success(
                request,
                f"Your briefing place is moved to {event.title}, {event.when}, and the place "
                f"you held on {given_up} is given up. We have emailed you the new details, and "
                "a calendar file that takes the old one out of your calendar.",
            )
        else:
            messages.success(
                request, f"You are registered for {event.title}. We have emailed you the details."
            )
    return redirect("events")


@login_required
def cancel(request, pk):
    """Give up a place: asked first (a GET), saying that it goes to someone else and may not
    come back if the event fills; "Yes" (a POST) gives it up."""
    event = event_to_take_part_in(request.user, pk)
    if request.method != "POST":
        registration = event.registrations.filter(person=request.user).first()
        if problem := why_not_give_up(event, registration):
            # Why not, as "Yes" would have said it: a place held at an event that has just
            # started is not "no place".
            messages.info(request, problem)
            return redirect("events")
        return render(
            request,
            "mentoring/event_cancel_confirm.html",
            {"event": event, "can_come_back": could_come_back(event, request.user)},
        )
    try:
        registration_cancel(event=event, person=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Your place at {event.title} is cancelled. We have emailed you a calendar file "
            "that takes it out of your calendar.",
        )
    return redirect("events")


@login_required
def event_calendar(request, pk):
    event = event_for_participant(request.user, pk)
    # Theirs at their SEQUENCE, so it updates the entry their emails put in their calendar.
    # A place given up is taken out again, as its email did: moves and call-offs reach only
    # those holding a place, so an entry put back would go stale for good.
    registration = event.registrations.filter(person=request.user).first()
    if registration is not None and registration.status not in HOLDS_A_PLACE:
        ics = event_place_given_up_ics(event, registration)
    else:
        ics = event_ics(event, registration)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    # A title in another script slugifies to nothing: a file named ".ics" would be hidden.
    name = slugify(event.title) or "event"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


def _standings(user, applications) -> list[dict]:
    """Where each application stands, for someone taking no part: a draft /apply/ would
    refuse to send with why (`drafts_refused`)."""
    refused = drafts_refused(user, applications)
    return [
        {
            "application": application,
            "stage": application_stage(application, pair=None, refused=application.pk in refused),
            "refusal": refused.get(application.pk),
        }
        for application in applications
    ]
