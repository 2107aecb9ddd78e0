"""Proposing and confirming pairs, with every hard block enforced on the server."""

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from matching.assignment import optimal_assignment
from matching.blocks import PairFacts
from matching.models import ConflictOfInterest, MatchingSettings
from matching.scoring import compatibility
from matching.selectors import (
    match_board,
    pair_blocks,
    profile,
    same_department,
)
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
)
from mentoring.services.matches import (
    MatchError,
    match_activate,
    match_propose,
    proposals_withdraw,
)


def pair_check(*, mentor: MentorApplication, board_member: BoardMember) -> tuple[int, list[str]]:
    """Score the pair from fresh data and refuse it if any hard block applies."""
    if mentor.programme_id != board_member.programme_id:
        raise MatchError("A mentor and a board member can only be paired within one programme.")
    settings = MatchingSettings.for_programme(mentor.programme)
    mentor = MentorApplication.objects.with_briefed().select_related("applicant").get(pk=mentor.pk)
    member = BoardMember.objects.with_briefed().select_related("user").get(pk=board_member.pk)
    if member.user_id is None:
        raise MatchError(f"{member} has not accepted their invitation yet.")
    if not member.is_profile_complete:
        raise MatchError(f"{member} has not completed their profile yet.")
    facts = PairFacts(
        mentor_accepted=mentor.status == ApplicationStatus.ACCEPTED,
        mentor_briefed=bool(mentor.is_briefed),
        board_member_briefed=bool(member.is_briefed),
        conflict_of_interest=ConflictOfInterest.objects.filter(
            mentor=mentor.applicant_id, board_member=member.user_id
        ).exists(),
        same_department=same_department(mentor.department, member.department),
        board_member_active_matches=Match.objects.active().filter(board_member=member).count(),
        mentor_active_matches=Match.objects.active().filter(mentor=mentor).count(),
        paired_before=Match.objects.exclude(programme_id=mentor.programme_id)
        .exclude(status=MatchStatus.PROPOSED)
        .filter(mentor__applicant=mentor.applicant_id, board_member__user=member.user_id)
        .exists(),
        same_person=mentor.applicant_id == member.user_id,
    )
    result = compatibility(profile(mentor), profile(member), settings.weights)
    blocks = pair_blocks(mentor, member, settings, facts, result)
    if blocks:
        raise MatchError(f"{mentor.applicant} and {member} cannot be paired: {'; '.join(blocks)}.")
    return result.score, result.reasons


def pair_propose(
    *, mentor: MentorApplication, board_member: BoardMember, proposed_by: User
) -> Match:
    """Propose one pair, unless it is blocked or either person is already spoken for."""
    score, reasons = pair_check(mentor=mentor, board_member=board_member)
    _check_not_proposed_elsewhere(mentor=mentor, board_member=board_member)
    return match_propose(
        mentor=mentor,
        board_member=board_member,
        score=score,
        reasons=reasons,
        proposed_by=proposed_by,
    )


def _check_not_proposed_elsewhere(*, mentor: MentorApplication, board_member: BoardMember):
    """A mentor is proposed for no more board members than they have room for, and a board
    member for one mentor at a time: otherwise accepting one proposal leaves others stale."""
    open_ = Match.objects.proposed().select_related("mentor__applicant", "board_member__user")
    if Match.objects.filter(mentor=mentor, board_member=board_member).proposed().exists():
        return  # the same pair again: match_propose says so
    other = open_.filter(board_member=board_member).first()
    if other is not None:
        raise MatchError(
            f"{board_member} is already proposed with {other.mentor.applicant}: "
            "accept or discard that proposal first."
        )
    capacity = MatchingSettings.for_programme(mentor.programme).mentor_capacity
    taken = Match.objects.filter(mentor=mentor, status__in=OPEN_OR_ACTIVE).count()
    if taken >= capacity:
        others = ", ".join(str(m.board_member) for m in open_.filter(mentor=mentor))
        raise MatchError(
            f"{mentor.applicant} has no room for another board member"
            + (f" (already proposed for {others})" if others else "")
            + ": accept or discard that proposal first."
        )


OPEN_OR_ACTIVE = [MatchStatus.PROPOSED, MatchStatus.ACTIVE]


def pair_activate(*, match: Match, by: User | None = None) -> Match:
    """Confirm a proposal, checking the blocks again: things may have changed since.

    In the same transaction, withdraw the proposals this pair makes stale: any other for
    the board member, and any other for the mentor once they have no room left. So the
    board never shows a proposal that can no longer be accepted."""
    match = (
        Match.objects.select_related("mentor__programme", "board_member")
        .filter(pk=match.pk)
        .first()
    )
    if match is None or match.status != MatchStatus.PROPOSED:
        raise MatchError("This proposal is no longer open: it was accepted or discarded already.")
    pair_check(mentor=match.mentor, board_member=match.board_member)
    settings = MatchingSettings.for_programme(match.programme)
    with transaction.atomic():
        match = match_activate(match=match, mentor_capacity=settings.mentor_capacity, by=by)
        stale = Match.objects.proposed().filter(board_member_id=match.board_member_id)
        active = Match.objects.active().filter(mentor_id=match.mentor_id).count()
        if active >= settings.mentor_capacity:
            stale = stale | Match.objects.proposed().filter(mentor_id=match.mentor_id)
        proposals_withdraw(matches=stale, by=by)
    return match


def assignment_propose(*, programme: Programme, proposed_by: User) -> list[Match]:
    """Replace the programme's open proposals with the assignment of highest total score."""
    with transaction.atomic():
        proposals_withdraw(matches=Match.objects.filter(programme=programme), by=proposed_by)
        board = match_board(programme, with_rows=False)
        pairs = optimal_assignment(board.scores, board.allowed, mentor_capacity=_capacities(board))
        proposals = []
        for i, j in pairs:
            mentor, member = board.mentors[i], board.board_members[j]
            result = compatibility(profile(mentor), profile(member), board.settings.weights)
            proposals.append(
                match_propose(
                    mentor=mentor,
                    board_member=member,
                    score=result.score,
                    reasons=result.reasons,
                    proposed_by=proposed_by,
                )
            )
    return proposals


def _capacities(board) -> list[int]:
    return [max(board.settings.mentor_capacity - m.active_matches, 0) for m in board.mentors]


@dataclass
class Accepted:
    activated: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why a proposal was not accepted
    withdrawn: int = 0  # proposals made stale by the pairs confirmed


def proposals_accept(*, matches, by: User | None = None) -> Accepted:
    """Activate each proposal that still may be made; say why for the others."""
    outcome = Accepted()
    for match in matches:
        if not Match.objects.filter(pk=match.pk).exists():
            outcome.withdrawn += 1  # made stale by a pair confirmed just before
            continue
        try:
            outcome.activated.append(pair_activate(match=match, by=by))
        except MatchError as error:
            outcome.problems.append(str(error))
    return outcome


def proposals_discard(*, matches, by: User | None = None) -> int:
    """Drop the proposals among `matches`: one lock and one delete, each in the audit trail."""
    return proposals_withdraw(matches=Match.objects.filter(pk__in=[m.pk for m in matches]), by=by)
