"""Proposing and confirming pairs, with every hard block enforced on the server."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from django.db import transaction
from django.db.models import Count, Q

from accounts.audit import Audited, audit_record_many
from accounts.models import AuditAction, User
from matching.assignment import optimal_assignment
from matching.blocks import PairFacts
from matching.models import ConflictOfInterest, MatchingSettings
from matching.scoring import Compatibility, compatibility
from matching.selectors import (
    OPEN_PROPOSALS_ORDER,
    line_manager_of,
    match_board,
    no_room_for_another,
    off_the_board,
    pair_blocks,
    pair_history,
    profile,
    proposed_elsewhere,
    same_department,
    same_people,
)
from mentoring.approval import own_addresses
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    Match,
    MentorApplication,
    Programme,
)
from mentoring.selectors import paired_with
from mentoring.services.matches import (
    NO_LONGER_OPEN,
    MatchError,
    match_propose,
    matches_activate,
    not_confirmed,
    proposals_withdraw,
    proposed_values,
    sides_lock,
)


def pair_check(
    *, mentor: MentorApplication, board_member: BoardMember, reader: User | None
) -> tuple[int, list[str]]:
    """Score the pair from fresh data and refuse it if any hard block applies, saying why
    as `reader` may read it (`why_blocked`). `reader` is required, so that no caller gives
    a former partner's reasons by leaving it out; None only where no person reads why."""
    pair = _pair_assessed(mentor=mentor, board_member=board_member)
    if pair.blocks:
        why = why_blocked(pair.mentor.applicant, pair.member.user, pair.blocks, paired_with(reader))
        raise MatchError(f"{pair.mentor.applicant} and {pair.member} cannot be paired: {why}.")
    return pair.result.score, pair.result.reasons


@dataclass
class _Assessed:
    mentor: MentorApplication
    member: BoardMember
    result: Compatibility | None  # None when the board member cannot be scored yet
    blocks: list[str]  # every reason the pair may not be made, in words; empty when it may
    facts: PairFacts | None = None  # None when the board member cannot be scored yet
    settings: MatchingSettings | None = None

    def blocks_after(self, confirming: Sequence[Match]) -> list[str]:
        """The blocks once `confirming` (pairs accepted before this one in the same go) are
        active: each one sharing a person with this pair counts as that person's pair."""
        if self.facts is None or not confirming:
            return self.blocks
        facts = replace(
            self.facts,
            board_member_active_matches=self.facts.board_member_active_matches
            + sum(1 for pair in confirming if pair.board_member_id == self.member.pk),
            mentor_active_matches=self.facts.mentor_active_matches
            + sum(1 for pair in confirming if pair.mentor_id == self.mentor.pk),
        )
        return pair_blocks(self.mentor, self.member, self.settings, facts, self.result)


def why_blocked(
    mentor: User, member: User | None, blocks: list[str], partners: frozenset[int]
) -> str:
    """`blocks` in words; or, when the reader was paired with either of the pair's people
    (`partners`, as `paired_with` reads them), that the reasons are not shown to them and
    because of whom: the blocks are read from that person's answers. The one rule for the
    match board, the confirmation of accepting proposals and the messages after proposing
    or accepting."""
    former = [person for person in (mentor, member) if person is not None and person.pk in partners]
    if not former:
        return "; ".join(blocks)
    named = " and with ".join(str(person) for person in former)
    return f"the reasons are not shown to you, because you were paired with {named}"


def _pair_assessed(*, mentor: MentorApplication, board_member: BoardMember) -> _Assessed:
    """The pair, read afresh, scored and checked against every hard block."""
    if mentor.programme_id != board_member.programme_id:
        raise MatchError("A mentor and a board member can only be paired within one programme.")
    return _pairs_assessed([(mentor.pk, board_member.pk)])[0]


def _pairs_assessed(pairs: Sequence[tuple[int, int]]) -> list[_Assessed]:
    """Each (mentor's application, board member) pair of one programme, read afresh, scored
    and checked against every hard block: the same queries whatever the number of pairs."""
    mentor_ids, member_ids = {m for m, _ in pairs}, {b for _, b in pairs}
    mentors = (
        MentorApplication.objects.with_briefed()
        .select_related("applicant", "programme")
        .prefetch_related("themes")
        .in_bulk(mentor_ids)
    )
    members = (
        BoardMember.objects.with_briefed()
        .with_pairing_completed()
        .select_related("user")
        .prefetch_related("themes")
        .in_bulk(member_ids)
    )
    mentor_users = {m.applicant_id for m in mentors.values()}
    member_users = {m.user_id for m in members.values() if m.user_id is not None}
    rules = MatchingSettings.for_programmes({m.programme_id for m in mentors.values()})
    conflicts = set(
        ConflictOfInterest.objects.filter(
            mentor__in=mentor_users, board_member__in=member_users
        ).values_list("mentor_id", "board_member_id")
    )
    active = Match.objects.active()
    member_pairs = _counted(active.filter(board_member__in=member_ids), "board_member")
    mentor_pairs = _counted(active.filter(mentor__in=mentor_ids), "mentor")
    history = pair_history(mentor_users, member_users)
    own = own_addresses(
        [
            *(m.applicant for m in mentors.values()),
            *(m.user for m in members.values() if m.user_id is not None),
        ]
    )
    assessed = []
    for mentor_id, member_id in pairs:
        mentor, member = mentors[mentor_id], members[member_id]
        if off := off_the_board(mentor.programme, mentor, member):
            assessed.append(_Assessed(mentor, member, None, [off]))
            continue
        users = (mentor.applicant_id, member.user_id)
        cohorts = history.get(users, {})
        facts = PairFacts(
            mentor_accepted=mentor.status == ApplicationStatus.ACCEPTED,
            mentor_briefed=bool(mentor.is_briefed),
            board_member_briefed=bool(member.is_briefed),
            conflict_of_interest=users in conflicts,
            same_department=same_department(mentor.department, member.department),
            board_member_active_matches=member_pairs.get(member.pk, 0),
            mentor_active_matches=mentor_pairs.get(mentor.pk, 0),
            paired_before=bool(set(cohorts) - {mentor.programme_id}),
            same_person=bool(same_people([mentor], [member], own)[0, 0]),
            line_manager=line_manager_of(mentor, member, own),
            ended_here=cohorts.get(mentor.programme_id, ""),
        )
        settings = rules[mentor.programme_id]
        result = compatibility(profile(mentor), profile(member), settings.weights)
        blocks = pair_blocks(mentor, member, settings, facts, result)
        assessed.append(_Assessed(mentor, member, result, blocks, facts, settings))
    return assessed


def _counted(matches, by: str) -> dict[int, int]:
    """How many of `matches` each `by` (its id) has: one query."""
    return dict(matches.values_list(by).annotate(n=Count("pk")).values_list(by, "n"))


def pair_propose(
    *, mentor: MentorApplication, board_member: BoardMember, proposed_by: User
) -> Match:
    """Propose one pair, unless it is blocked or either person is already spoken for.

    Both people are locked first (`sides_lock`), so what is checked still holds when the
    proposal is made: two coordinators proposing the same board member, or the last room a
    mentor has, at once make one proposal; one made while a person is declined or deletes
    their account waits for that, then is refused (or withdrawn by the deletion)."""
    with transaction.atomic():
        sides_lock(mentor_ids=[mentor.pk], member_ids=[board_member.pk])
        score, reasons = pair_check(mentor=mentor, board_member=board_member, reader=proposed_by)
        _check_not_proposed_elsewhere(mentor=mentor, board_member=board_member)
        return match_propose(
            mentor=mentor,
            board_member=board_member,
            score=score,
            reasons=reasons,
            proposed_by=proposed_by,
        )


def _check_not_proposed_elsewhere(*, mentor: MentorApplication, board_member: BoardMember):
    """A board member is proposed for one mentor at a time (`proposed_elsewhere`), and a
    mentor for no more board members than they have room for (`no_room_for_another`): the
    rules the board reads too, asked here afresh under the lock."""
    open_ = list(
        Match.objects.proposed()
        .filter(Q(mentor=mentor) | Q(board_member=board_member))
        .select_related("mentor__applicant", "board_member__user")
        .order_by(*OPEN_PROPOSALS_ORDER)
    )
    if any(m.mentor_id == mentor.pk and m.board_member_id == board_member.pk for m in open_):
        return  # the same pair again: match_propose says so
    member_proposal = next((m for m in open_ if m.board_member_id == board_member.pk), None)
    if why := proposed_elsewhere(board_member, member_proposal):
        raise MatchError(why)
    if why := no_room_for_another(
        mentor,
        proposals=[m for m in open_ if m.mentor_id == mentor.pk],
        active=Match.objects.active().filter(mentor=mentor).count(),
        capacity=MatchingSettings.for_programme(mentor.programme).mentor_capacity,
    ):
        raise MatchError(why)


def pair_activate(*, match: Match, by: User | None) -> Match:
    """Confirm a proposal, unless `proposals_review` says it may no longer be (things may
    have changed since the confirmation page asked it).

    In the same transaction, withdraw the proposals this pair makes stale: any other for
    the board member, and any other for the mentor once they have no room left. So the
    board never shows a proposal that can no longer be accepted. `by` is who is told why not
    (required, as `reader` is for `proposals_review`)."""
    accepted = _accept([match], by=by)
    if accepted.problems:
        raise MatchError(accepted.problems[0])
    if not accepted.activated:
        raise MatchError(not_confirmed(match, ALREADY_DECIDED))
    return accepted.activated[0]


def assignment_propose(
    *, programme: Programme, proposed_by: User, replacing: set[int] | None = None
) -> list[Match]:
    """Replace the programme's open proposals with the assignment of highest total score.

    `replacing`: the open proposals the coordinator saw (the board's ids); when given, any
    other open proposal (one a colleague made since) stops the assignment with MatchError,
    rather than being withdrawn unseen. The same queries however many pairs it proposes."""
    if programme.has_ended:
        raise MatchError(f"{programme} has ended: nobody is paired in it any more.")
    with transaction.atomic():
        # The programme's mentors and board places locked first, in the order confirming a
        # pair takes its two (`sides_lock`), before its proposals are withdrawn: a pair being
        # confirmed meanwhile is confirmed first and then left out of the assignment,
        # instead of each waiting for what the other holds. Proposing a pair locks its two
        # people too, so the open proposals checked below stay as they are.
        sides_lock(
            mentor_ids=MentorApplication.objects.filter(
                programme=programme, status=ApplicationStatus.ACCEPTED
            ).values_list("pk", flat=True),
            member_ids=BoardMember.objects.filter(programme=programme).values_list("pk", flat=True),
        )
        if replacing is not None:
            unseen = list(
                Match.objects.proposed()
                .filter(programme=programme)
                .exclude(pk__in=replacing)
                .select_related("mentor__applicant", "board_member__user")
                .order_by("board_member__user__full_name", "pk")
            )
            if unseen:
                raise MatchError(
                    "Nothing was changed: since you opened the board, "
                    f"{', '.join(str(match) for match in unseen)} "
                    f"{'was' if len(unseen) == 1 else 'were'} proposed. An optimal assignment "
                    "replaces every open proposal: look at the board again first."
                )
        proposals_withdraw(matches=Match.objects.filter(programme=programme), by=proposed_by)
        board = match_board(programme, with_rows=False)
        pairs = optimal_assignment(board.scores, board.allowed, mentor_capacity=_capacities(board))
        if not pairs:
            # Nobody to propose: the open proposals stay, rather than go without a word.
            transaction.set_rollback(True)
            return []
        proposals = []
        for i, j in pairs:
            mentor, member = board.mentors[i], board.board_members[j]
            result = compatibility(profile(mentor), profile(member), board.settings.weights)
            proposals.append(
                Match(
                    programme=programme,
                    mentor=mentor,
                    board_member=member,
                    score=result.score,
                    reasons=result.reasons,
                    proposed_by=proposed_by,
                )
            )
        # One INSERT for the pairs and two for the trail (as `match_propose` records each):
        # everyone is locked and their proposals withdrawn, so no constraint can refuse one.
        Match.objects.bulk_create(proposals)
        audit_record_many(
            actor=proposed_by,
            action=AuditAction.PAIR_PROPOSED,
            changes=[Audited(match, values=proposed_values(match)) for match in proposals],
        )
    return proposals


def _capacities(board) -> list[int]:
    return [max(board.settings.mentor_capacity - m.active_matches, 0) for m in board.mentors]


@dataclass
class Review:
    """What accepting some proposals would do, shown before anything is changed or sent."""

    acceptable: list[Match] = field(default_factory=list)  # read afresh, in the order given
    # The others, each with why in words that need not name the pair: those refused now are
    # left open; those only a pair confirmed before them in the same go rules out are
    # withdrawn by it (`pair_activate`).
    refused: list[tuple[Match, str]] = field(default_factory=list)
    made_stale: list[tuple[Match, str]] = field(default_factory=list)
    # Open proposals not chosen that the acceptable ones withdraw: the board member's others,
    # and a mentor's others once the pairs confirmed fill their room.
    withdrawn_besides: list[tuple[Match, str]] = field(default_factory=list)
    capacity: dict[int, int] = field(default_factory=dict)  # mentors' room, by programme id


ALREADY_DECIDED = f"the proposal is {NO_LONGER_OPEN}"


def proposals_review(*, matches: Sequence[Match], reader: User | None) -> Review:
    """Which of `matches`, accepted in this order, would be confirmed: the one rule for
    accepting, which the confirmation page and `pair_activate` both ask. Each proposal is
    checked against every hard block, counting the acceptable ones before it that share a
    person with it as paired already (a board member has one mentor; a mentor has room for
    few). Why one may not be is said as `reader` may read it (`why_blocked`): required, as
    for `pair_check`. The same queries whatever the number of proposals."""
    partners = cache(lambda: paired_with(reader))  # read only when something is refused
    fresh = (
        Match.objects.proposed()
        .select_related("programme", "mentor__applicant", "board_member__user")
        .in_bulk([match.pk for match in matches])
    )
    assessed = dict(
        zip(
            fresh,
            _pairs_assessed([(m.mentor_id, m.board_member_id) for m in fresh.values()]),
            strict=True,
        )
    )
    review = Review()
    for match in matches:
        pair = assessed.get(match.pk)
        if pair is None:
            review.refused.append((match, ALREADY_DECIDED))
            continue
        if pair.blocks:
            why = why_blocked(pair.mentor.applicant, pair.member.user, pair.blocks, partners())
            review.refused.append((match, why))
            continue
        ahead = [
            other
            for other in review.acceptable
            if other.mentor_id == match.mentor_id or other.board_member_id == match.board_member_id
        ]
        if blocks := pair.blocks_after(ahead):
            pairs = ", and ".join(str(other) for other in ahead)
            why = why_blocked(pair.mentor.applicant, pair.member.user, blocks, partners())
            review.made_stale.append((match, f"withdrawn once {pairs} are confirmed ({why})"))
        else:
            review.acceptable.append(fresh[match.pk])
    review.capacity = {
        pair.mentor.programme_id: pair.settings.mentor_capacity
        for pair in assessed.values()
        if pair.settings is not None
    }
    withdrawn = _withdrawn_by(review, assessed)
    for match, _ in review.made_stale:
        withdrawn.pop(match.pk, None)  # said already, with the pairs before it
    refused, review.refused = review.refused, []
    for match, why in refused:  # chosen, refused, and withdrawn anyway: say the latter
        if match.pk in withdrawn:
            review.made_stale.append((match, f"{withdrawn.pop(match.pk)[1]} ({why})"))
        else:
            review.refused.append((match, why))
    review.withdrawn_besides = list(withdrawn.values())
    return review


def _withdrawn_by(review: Review, assessed: dict[int, _Assessed]) -> dict[int, tuple]:
    """The open proposals that confirming `review.acceptable` would withdraw
    (`pair_activate`), each with why, by id: one query."""
    if not review.acceptable:
        return {}
    full = set()  # mentors whose room the confirmed pairs fill
    for match in review.acceptable:
        facts = assessed[match.pk].facts
        taking = sum(1 for other in review.acceptable if other.mentor_id == match.mentor_id)
        if facts.mentor_active_matches + taking >= review.capacity[match.programme_id]:
            full.add(match.mentor_id)
    members = {match.board_member_id: match for match in review.acceptable}
    mentors = {match.mentor_id: match for match in review.acceptable if match.mentor_id in full}
    others = (
        Match.objects.proposed()
        .filter(Q(board_member__in=members) | Q(mentor__in=mentors))
        .exclude(pk__in=[match.pk for match in review.acceptable])
        .select_related("mentor__applicant", "board_member__user")
        .order_by("board_member__user__full_name", "pk")
    )
    withdrawn = {}
    for other in others:
        cause = members.get(other.board_member_id) or mentors[other.mentor_id]
        withdrawn[other.pk] = (other, f"withdrawn once {cause} are confirmed")
    return withdrawn


@dataclass
class Accepted:
    activated: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why a proposal was not accepted
    # Open proposals the pairs confirmed made stale, chosen or not: withdrawn.
    withdrawn: list[Match] = field(default_factory=list)


def proposals_accept(*, matches, by: User | None) -> Accepted:
    """Activate each proposal that still may be made (`proposals_review`), in the order given,
    as `pair_activate` does one; say why for the others. Pass only those `proposals_review`
    found acceptable, which were shown as such. The same queries however many there are."""
    return _accept(list(matches), by=by)


def _accept(matches: list[Match], *, by: User | None) -> Accepted:
    """Accepting `matches` in this order. One gone by now is passed over without a word: a
    pair confirmed before it here, or since, withdrew it (and is counted with it)."""
    outcome = Accepted()
    if not matches:
        return outcome
    with transaction.atomic():
        # Both sides locked before the review, as confirming locks them: an application
        # declined, wait-listed or withdrawn meanwhile is either seen by the review or decided
        # after the pair is made (and then refused: its mentor is in a pair).
        sides_lock(
            mentor_ids=[match.mentor_id for match in matches],
            member_ids=[match.board_member_id for match in matches],
        )
        # What each is called, for saying why it was not accepted, and which are still there.
        there = (
            Match.objects.select_related("mentor__applicant", "board_member__user")
            .filter(pk__in=[match.pk for match in matches])
            .in_bulk()
        )
        review = proposals_review(matches=matches, reader=by)
        refused = {match.pk: why for match, why in review.refused}
        activated, problems = matches_activate(
            matches=review.acceptable, mentor_capacity=review.capacity, by=by
        )
        confirmed = {pair.pk: pair for pair in activated}
        for match in matches:
            if match.pk not in there:
                continue
            if match.pk in refused:
                outcome.problems.append(not_confirmed(there[match.pk], refused[match.pk]))
            elif match.pk in problems:
                outcome.problems.append(problems[match.pk])
            elif match.pk in confirmed:
                outcome.activated.append(confirmed[match.pk])
        # Made stale by those confirmed, chosen or not (the confirmation named them): any
        # other for their board members, and any other for a mentor they fill.
        if activated:
            capacity = review.capacity
            mentoring = _counted(
                Match.objects.active().filter(mentor__in={pair.mentor_id for pair in activated}),
                "mentor",
            )
            full = {
                pair.mentor_id
                for pair in activated
                if mentoring.get(pair.mentor_id, 0) >= capacity[pair.programme_id]
            }
            # Locked as they are named, so those named are those withdrawn.
            outcome.withdrawn = list(
                Match.objects.proposed()
                .filter(
                    Q(board_member__in={pair.board_member_id for pair in activated})
                    | Q(mentor__in=full)
                )
                .select_related("mentor__applicant", "board_member__user")
                .select_for_update(of=("self",))
                .order_by("board_member__user__full_name", "pk")
            )
            if outcome.withdrawn:
                proposals_withdraw(
                    matches=Match.objects.filter(pk__in=[m.pk for m in outcome.withdrawn]), by=by
                )
        # Set aside behind a chosen one for the same person, which was then not confirmed
        # (something changed since the review): still proposed, and said so.
        waiting = [match.pk for match, _ in review.made_stale if match.pk in there]
        if waiting:
            still = set(
                Match.objects.proposed().filter(pk__in=waiting).values_list("pk", flat=True)
            )
            outcome.problems += [
                not_confirmed(
                    there[pk],
                    "it waited on another chosen proposal for the same person, which was not "
                    "confirmed. It is still proposed",
                )
                for pk in waiting
                if pk in still
            ]
    return outcome


def proposals_discard(*, matches, by: User | None = None) -> int:
    """Drop the proposals among `matches`: one lock and one delete, each in the audit trail."""
    return proposals_withdraw(matches=Match.objects.filter(pk__in=[m.pk for m in matches]), by=by)
