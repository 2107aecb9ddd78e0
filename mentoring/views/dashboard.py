from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentoring.models import Audience, EventKind, MentorApplication, RegistrationStatus
from mentoring.selectors import current_programme, events_for, participations
from mentoring.selectors.pairs import pairs_for


@login_required
def dashboard(request):
    applications = (
        MentorApplication.objects.filter(applicant=request.user)
        .select_related("programme", "line_manager_request")
        .order_by("-created_at")
    )
    parts = participations(request.user)
    briefings = list(events_for(request.user, parts).filter(kind=EventKind.BRIEFING))
    current = current_programme(request)
    applied_to_current = current is not None and any(
        application.programme_id == current.pk for application in applications
    )
    board_memberships = [
        {"member": part.board_member, "next_briefing": _next_briefing(part, briefings)}
        for part in parts
        if part.board_member
    ]
    mentor_briefings = {
        part.application.pk: {"briefed": part.is_briefed, "next": _next_briefing(part, briefings)}
        for part in parts
        if part.application
    }
    pairs = pairs_for(request.user, active_only=True, summary=True)
    return render(
        request,
        "mentoring/dashboard.html",
        {
            "pairs": pairs,
            "matched_programmes": {pair.match.programme_id for pair in pairs},
            "applications": [
                (application, mentor_briefings.get(application.pk)) for application in applications
            ],
            "board_memberships": board_memberships,
            "current_programme": current,
            "invite_to_apply": (
                current is not None
                and current.is_recruiting
                and not applied_to_current
                and not board_memberships
            ),
        },
    )


def _next_briefing(part, briefings):
    """The briefing they are registered for, or else the next one open to them."""
    mine = [
        event
        for event in briefings
        if event.programme_id == part.programme.pk
        and event.audience in (part.audience, Audience.JOINT)
    ]
    registered = [event for event in mine if event.my_status == RegistrationStatus.REGISTERED]
    return (registered or mine or [None])[0]
