"""Proposing and confirming pairs, with every hard block enforced on the server."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from matching.assignment import optimal_assignment
from matching.blocks import PairFacts
from matching.models import ConflictOfInterest, MatchingSettings
from matching.scoring import Compatibility, compatibility
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
    pair = _pair_assessed(mentor=mentor, board_member=board_member)
    if pair.blocks:
        raise MatchError(
            f"{pair.mentor.applicant} and {pair.member} cannot be paired: {'; '.join(pair.blocks)}."
        )
    return pair.result.score, pair.result.reasons


@dataclass
class _Assessed:
    mentor: MentorApplication
    member: BoardMember
    result: Compatibility | None  # None when the board member cannot be scored yet
    blocks: list[str]  # every reason the pair may not be made, in words; empty when it may


def _pair_assessed(
    *, mentor: MentorApplication, board_member: BoardMember, confirming: Sequence[Match] = ()
) -> _Assessed:
    """The pair, read afresh, scored and checked against every hard block. `confirming`:
    pairs to be confirmed before this one in the same go, counted as active already."""
    if mentor.programme_id != board_member.programme_id:
        raise MatchError("A mentor and a board member can only be paired within one programme.")
    settings = MatchingSettings.for_programme(mentor.programme)
    mentor = MentorApplication.objects.with_briefed().select_related("applicant").get(pk=mentor.pk)
    member = BoardMember.objects.with_briefed().select_related("user").get(pk=board_member.pk)
    # Words the board uses too (matching.selectors): such a board member is not on it yet.
    if member.user_id is None:
        return _Assessed(
            mentor, member, None, ["the board member has not accepted their invitation"]
        )
    if not member.is_profile_complete:
        return _Assessed(mentor, member, None, ["the board member has not completed their profile"])
    facts = PairFacts(
        mentor_accepted=mentor.status == ApplicationStatus.ACCEPTED,
        mentor_briefed=bool(mentor.is_briefed),
        board_member_briefed=bool(member.is_briefed),
        conflict_of_interest=ConflictOfInterest.objects.filter(
            mentor=mentor.applicant_id, board_member=member.user_id
        ).exists(),
        same_department=same_department(mentor.department, member.department),
        board_member_active_matches=Match.objects.active().filter(board_member=member).count()
        + sum(1 for pair in confirming if pair.board_member_id == member.pk),
        mentor_active_matches=Match.objects.active().filter(mentor=mentor).count()
        + sum(1 for pair in confirming if pair.mentor_id == mentor.pk),
        paired_before=Match.objects.exclude(programme_id=mentor.programme_id)
        .exclude(status=MatchStatus.PROPOSED)
        .filter(mentor__applicant=mentor.applicant_id, board_member__user=member.user_id)
        .exists(),
        same_person=mentor.applicant_id == member.user_id,
    )
    result = compatibility(profile(mentor), profile(member), settings.weights)
    return _Assessed(mentor, member, result, pair_blocks(mentor, member, settings, facts, result))


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


def proposal_refusal(*, match: Match, confirming: Sequence[Match] = ()) -> str:
    """Why this proposal cannot be accepted now, in words that need not name the pair;
    empty when it can. The one rule for accepting: the confirmation page asks it of each
    proposal, and `pair_activate` asks again on "Yes", as things may have changed since.
    `confirming`: proposals to be accepted before this one in the same go."""
    match = (
        Match.objects.select_related("mentor__programme", "board_member")
        .filter(pk=match.pk)
        .first()
    )
    if match is None or match.status != MatchStatus.PROPOSED:
        return "the proposal was accepted or discarded already"
    pair = _pair_assessed(
        mentor=match.mentor, board_member=match.board_member, confirming=confirming
    )
    return "; ".join(pair.blocks)


def pair_activate(*, match: Match, by: User | None = None) -> Match:
    """Confirm a proposal, unless `proposal_refusal` says it may no longer be.

    In the same transaction, withdraw the proposals this pair makes stale: any other for
    the board member, and any other for the mentor once they have no room left. So the
    board never shows a proposal that can no longer be accepted."""
    refusal = proposal_refusal(match=match)
    if refusal:
        raise MatchError(f"{match} cannot be paired: {refusal}.")
    match = Match.objects.select_related("programme").get(pk=match.pk)
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
class Review:
    """What accepting some proposals would do, shown before anything is changed or sent."""

    acceptable: list[Match] = field(default_factory=list)
    # The others, each with why in words that need not name the pair: those refused now are
    # left open; those only a pair confirmed before them in the same go rules out are
    # withdrawn by it (`pair_activate`).
    refused: list[tuple[Match, str]] = field(default_factory=list)
    made_stale: list[tuple[Match, str]] = field(default_factory=list)


def proposals_review(*, matches: Sequence[Match]) -> Review:
    """Which of `matches`, accepted in this order, would be confirmed. Each is asked the one
    rule, `proposal_refusal`, counting the acceptable ones before it that share a person
    with it as paired already (a board member has one mentor; a mentor has room for few)."""
    review = Review()
    for match in matches:
        refusal = proposal_refusal(match=match)
        if refusal:
            review.refused.append((match, refusal))
            continue
        ahead = [
            pair
            for pair in review.acceptable
            if pair.mentor_id == match.mentor_id or pair.board_member_id == match.board_member_id
        ]
        refusal = proposal_refusal(match=match, confirming=ahead) if ahead else ""
        if refusal:
            pairs = ", and ".join(str(pair) for pair in ahead)
            review.made_stale.append((match, f"withdrawn once {pairs} are confirmed ({refusal})"))
        else:
            review.acceptable.append(match)
    return review


@dataclass
class Accepted:
    activated: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why a proposal was not accepted
    withdrawn: int = 0  # proposals made stale by the pairs confirmed


def proposals_accept(*, matches, by: User | None = None) -> Accepted:
    """Activate each proposal that still may be made (`proposal_refusal`); say why for the
    others. Pass only those `proposals_review` found acceptable, which were shown as such."""
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
