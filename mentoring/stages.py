"""Where a person stands in a programme, as their pages say it: an application's stage, the
briefing it points to, and the pair of a mentor or a board member. The dashboard, the
programme page, /apply/ and /events/ all read them here."""

from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    LineManagerRequest,
    MentorApplication,
)
from mentoring.models.applications import LineManagerDecision
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


def mentor_pair_for(application: MentorApplication, user) -> PairView | None:
    """The pair of `user`'s application, for a page that shows one application: only an
    accepted mentor is ever in a pair, so nobody else's page reads pairs."""
    if application.status != ApplicationStatus.ACCEPTED:
        return None
    return mentor_pair(application, pairs_for(user, summary=True, actions=False))


def member_standing(user, programme) -> tuple[BoardMember | None, PairView | None]:
    """A board member's membership of `programme` (with whether briefed) and their pair
    there, for mentoring/includes/board_member_next_steps.html."""
    member = BoardMember.objects.for_user(user).filter(programme=programme).with_briefed().first()
    if member is None:
        return None, None
    return member, member_pair(member, pairs_for(user, summary=True, actions=False))


def mentor_briefing(
    application: MentorApplication, stage: str, *, next_briefing=None
) -> dict | None:
    """What the application's pages say about the mentor briefing (the `briefing` of
    mentoring/includes/application_next_steps.html): whether they are briefed and the next
    briefing for them, or None when a briefing is not theirs to attend. The application
    needs `with_briefed`."""
    if stage not in BRIEFING_STAGES or application.eligible is not True:
        return None
    return {"briefed": bool(application.is_briefed), "next": next_briefing}
