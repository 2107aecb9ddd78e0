from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentoring.models import (
    ApplicationStatus,
    Audience,
    BoardMember,
    LineManagerRequest,
    MentorApplication,
    RegistrationStatus,
)
from mentoring.models.applications import LineManagerDecision
from mentoring.selectors import (
    Participation,
    applications_of,
    current_programme,
    events_for,
    participations,
)
from mentoring.selectors.pairs import PairView, pairs_for

# Stages in which an eligible applicant is pointed to a mentor briefing (or told they have
# been briefed). Never an ineligible one: they will not be matched, so a briefing would waste
# their half-day.
BRIEFING_STAGES = {"submitted", "line_manager", "accepted", "waitlisted"}


def application_stage(application: MentorApplication, *, pair: PairView | None) -> str:
    """Where an application stands, as its applicant sees it: its status, made finer where the
    next step differs. "ineligible" (sent, and the answers do not meet the criteria),
    "line_manager" (waiting for the line manager to agree), "line_manager_declined",
    "paired" (accepted and in a pair) and "pair_ended" (accepted, and the programme office
    ended their pair). `pair`: the mentor's pair (`mentor_pair`), if any."""
    status = application.status
    if status == ApplicationStatus.SUBMITTED:
        if application.eligible is False:
            return "ineligible"
        try:
            line_request = application.line_manager_request
        except LineManagerRequest.DoesNotExist:
            line_request = None
        if line_request is not None and application.programme.line_manager_agreement:
            if line_request.decision == LineManagerDecision.DECLINED:
                return "line_manager_declined"
            if not application.line_manager_agreed:
                return "line_manager"
    if status == ApplicationStatus.ACCEPTED and pair is not None:
        return "pair_ended" if pair.ended else "paired"
    return status


def mentor_pair(application: MentorApplication, pairs: list[PairView]) -> PairView | None:
    """The application's mentor's pair, from `pairs_for`: the current one, or else the one
    that ended last."""
    return next((pair for pair in pairs if pair.match.mentor_id == application.pk), None)


def member_pair(member: BoardMember, pairs: list[PairView]) -> PairView | None:
    """The board member's pair, from `pairs_for`: the current one, or else the one that
    ended last."""
    return next((pair for pair in pairs if pair.match.board_member_id == member.pk), None)


def shows_briefing(application: MentorApplication, stage: str) -> bool:
    return stage in BRIEFING_STAGES and application.eligible is True


def mentor_briefing(
    application: MentorApplication, stage: str, *, next_briefing=None
) -> dict | None:
    """What the application's pages say about the mentor briefing (the `briefing` of
    mentoring/includes/application_next_steps.html): whether they are briefed and the next
    briefing for them, or None when a briefing is not theirs to attend. The application
    needs `with_briefed`."""
    if not shows_briefing(application, stage):
        return None
    part = Participation(application.programme, Audience.MENTORS, application=application)
    return {"briefed": part.is_briefed, "next": next_briefing}


@login_required
def dashboard(request):
    applications = list(applications_of(request.user))
    parts = participations(request.user, applications=applications)
    briefings = list(events_for(request.user, parts).briefings())
    current = current_programme(request)
    applied_to_current = current is not None and any(
        application.programme_id == current.pk for application in applications
    )
    board_memberships = [
        {"member": part.board_member, "next_briefing": _next_briefing(part, briefings)}
        for part in parts
        if part.board_member
    ]
    next_briefings = {
        part.application.pk: _next_briefing(part, briefings) for part in parts if part.application
    }
    every_pair = pairs_for(request.user, summary=True)
    pairs = [pair for pair in every_pair if not pair.ended]
    matched_programmes = {pair.match.programme_id for pair in pairs}
    # A board member's pair that ended, in a programme where they are in no pair now.
    ended_pairs = {}
    for pair in every_pair:
        if pair.ended and not pair.i_mentor and pair.match.programme_id not in matched_programmes:
            ended_pairs.setdefault(pair.match.programme_id, pair)
    for entry in board_memberships:
        entry["ended_pair"] = ended_pairs.get(entry["member"].programme_id)
    cards = []
    for application in applications:
        pair = mentor_pair(application, every_pair)
        stage = application_stage(application, pair=pair)
        cards.append(
            {
                "application": application,
                "stage": stage,
                "pair": pair,
                "briefing": mentor_briefing(
                    application, stage, next_briefing=next_briefings.get(application.pk)
                ),
            }
        )
    return render(
        request,
        "mentoring/dashboard.html",
        {
            "pairs": pairs,
            "matched_programmes": matched_programmes,
            "applications": cards,
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
