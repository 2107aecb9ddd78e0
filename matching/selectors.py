"""The match board: who is still to be matched, their ranked candidates and blocked pairs."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from matching.assignment import proposable
from matching.blocks import BLOCKS, PairFacts, Rules, blocked_by, hard_blocks, particulars_of
from matching.models import ConflictOfInterest, MatchingSettings
from matching.scoring import (
    BLOCKING,
    Profile,
    as_sentence,
    compatibility,
    department_key,
    score_matrix_explained,
)
from mentoring.approval import board_place_addresses, mailbox, own_addresses
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    EndReason,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
)

SHOWN_CANDIDATES = 5
# Why a board member cannot be paired yet, before any rule of BLOCKS is asked.
NOT_JOINED = "the board member has not accepted their invitation"
PROFILE_INCOMPLETE = "the board member has not completed their profile"
# A pairing that ran its course (ended as completed): no new mentor is offered.
PAIRING_COMPLETED = "the board member's pairing in this programme ran its course"
# An account deleted, or closed in the admin: never offered on the board, never paired.
MENTOR_ACCOUNT_CLOSED = "the mentor's account has been closed"
MEMBER_ACCOUNT_CLOSED = "the board member's account has been closed"
# The office closed the programme: its board is kept to read, nobody is paired any more.
PROGRAMME_ENDED = "the programme has ended"
# The order open proposals are read in, wherever one is named or a board member's first is
# taken: the board's list, and the service's refusal that names them (`no_room_for_another`).
OPEN_PROPOSALS_ORDER = ("board_member__user__full_name", "pk")


# --- The rules the board applies before the service would ------------------------------------
# Each is one function, on rows already loaded, that both the match board (to offer a Propose,
# or say why not) and the proposing or accepting service (to refuse, under its lock, with the
# same words) call; so the board offers nothing the service refuses, nor says another reason.
# The hard blocks themselves are the one table `matching.blocks.BLOCKS`.


def off_the_board(
    programme: Programme, mentor: MentorApplication, member: BoardMember
) -> str | None:
    """The rule of who is on the match board at all, before any rule of BLOCKS is asked: why
    the pair is not, in words; None when it is. The programme has not ended
    (`Programme.has_ended`), the mentor's account is open (`mentor_off_the_board`), and the
    board member has joined with an account still open, completed their profile and their
    pairing has not run its course (`member_off_the_board`). The service refuses a pair with
    it alone (`services._pairs_assessed`); the board lists only those it lets on, offers no
    candidates in an ended programme, and gives it as an open proposal's one block."""
    if programme.has_ended:
        return PROGRAMME_ENDED
    return mentor_off_the_board(mentor) or member_off_the_board(member)


def mentor_off_the_board(mentor: MentorApplication) -> str | None:
    """The mentor's part of `off_the_board` (their `applicant` loaded); in SQL,
    `MENTOR_ON_THE_BOARD`."""
    if not mentor.applicant.is_active:
        return MENTOR_ACCOUNT_CLOSED
    return None


# `mentor_off_the_board` as a query condition on mentors' applications: the board's query of
# mentors reads it (with the BLOCKS rule that their application is accepted), so that a
# closed account is never offered, whatever its application says.
MENTOR_ON_THE_BOARD = Q(applicant__is_active=True)


def member_off_the_board(member: BoardMember) -> str | None:
    """The board member's part of `off_the_board`: read with `user` and with the annotation
    `pairing_completed` (`BoardMemberQuerySet.with_pairing_completed`). The board reads it on
    every board member it loads (it lists those still completing a profile apart)."""
    if member.user_id is None:
        return NOT_JOINED
    if not member.user.is_active:
        return MEMBER_ACCOUNT_CLOSED
    if not member.is_profile_complete:
        return PROFILE_INCOMPLETE
    if member.pairing_completed:
        return PAIRING_COMPLETED
    return None


def proposed_elsewhere(member: BoardMember, proposal: Match | None) -> str:
    """The rule that a board member is proposed with one mentor at a time: why no other mentor
    may be proposed for them, given their open proposal (with its mentor's `applicant`
    loaded); "" when they have none. Otherwise confirming one proposal would leave the other
    stale. The board offers no Propose on their row and says this; `services.pair_propose`
    refuses with it."""
    if proposal is None:
        return ""
    return (
        f"{member} is already proposed with {proposal.mentor.applicant}: "
        "accept or discard that proposal first."
    )


def no_room_for_another(
    mentor: MentorApplication, *, proposals: Sequence[Match], active: int, capacity: int
) -> str:
    """The rule of a mentor's room for another proposal: their `active` pairs and open
    `proposals` (in `OPEN_PROPOSALS_ORDER`, each with its board member's `user` loaded)
    against the programme's `capacity` of board members per mentor. Why they may not be
    proposed for anyone else now, in words; "" when they may. The board offers no Propose for
    them and says this; `services.pair_propose` refuses with it. (Active pairs alone filling
    the room are the BLOCKS rule `mentor_full`, which both ask first.)"""
    if active + len(proposals) < capacity:
        return ""
    if not proposals:
        return f"{mentor.applicant} has no room for another board member."
    names = ", ".join(str(match.board_member) for match in proposals)
    those = "those proposals" if len(proposals) > 1 else "that proposal"
    return (
        f"{mentor.applicant} has no room for another board member (already proposed for "
        f"{names}): accept or discard {those} first."
    )


def profile(person: MentorApplication | BoardMember) -> Profile:
    """What scoring compares; mentors' applications and board members' profiles ask alike."""
    return Profile(
        department=person.department,
        themes=frozenset(theme.name for theme in person.themes.all()),
        learning_style=person.learning_style,
        interaction_approach=person.interaction_approach,
        availability=person.availability,
    )


def same_department(a: str, b: str) -> bool:
    # An unknown department is not evidence of the same one.
    return bool(a.strip() and b.strip()) and department_key(a) == department_key(b)


def mailboxes_of(member: BoardMember, own: Mapping[int, Iterable[str]]) -> set[str]:
    """The mailboxes a mentor may have named a board member by, as their line manager: each
    address the place reaches (`approval.board_place_addresses`: the one invited, and every
    address of the account holding it, `own` by user id), as the mailbox it reaches
    (`approval.mailbox`: a `+` alias is the same). The programme office reads the same
    addresses for whether an applicant is on the board."""
    return {mailbox(address) for address in board_place_addresses(member, own)} - {""}


def line_manager_of(
    mentor: MentorApplication, member: BoardMember, own: Mapping[int, Iterable[str]]
) -> bool:
    """Whether the mentor's application names `member` as their line manager, by any
    address of theirs (`mailboxes_of`)."""
    return mailbox(mentor.line_manager_email) in mailboxes_of(member, own)


def same_people(
    mentors: Sequence[MentorApplication],
    members: Sequence[BoardMember],
    own: Mapping[int, Iterable[str]],
) -> np.ndarray:
    """Which mentor (row) is which board member (column): the same account, or a mailbox of
    the mentor's (every address their account holds: `own`, by user id, as
    `approval.own_addresses` reads it for every mentor given) among the board member's
    (`mailboxes_of`), as whose an address is reads for approving an application: someone on
    the board by a `+` alias of their address is still the mentor. One pair or a whole
    cohort alike, with no query."""
    same = np.zeros((len(mentors), len(members)), dtype=bool)
    accounts: dict[int, list[int]] = {}
    for j, member in enumerate(members):
        accounts.setdefault(member.user_id, []).append(j)
    by_mailbox = _columns_by_mailbox(members, own)
    for i, mentor in enumerate(mentors):
        user = mentor.applicant_id
        same[i, accounts.get(user, [])] = True
        for address in own[user]:
            same[i, by_mailbox.get(mailbox(address), [])] = True
    return same


def _columns_by_mailbox(
    members: Sequence[BoardMember], own: Mapping[int, Iterable[str]]
) -> dict[str, list[int]]:
    """Each mailbox a board member may be named by (`mailboxes_of`), with their columns."""
    columns: dict[str, list[int]] = {}
    for j, member in enumerate(members):
        for address in mailboxes_of(member, own):
            columns.setdefault(address, []).append(j)
    return columns


@dataclass
class Candidate:
    mentor: MentorApplication
    score: int
    reasons: list[str]
    blocks: list[str] = field(default_factory=list)
    # Why the pair may not be proposed now, although it is not blocked; empty when it may.
    unavailable: str = ""
    # Whether this very pair is the board member's open proposal, whose reasons the board
    # already gives under Proposals (said once, not again here).
    proposed: bool = False
    # `blocks` as the board's reader may read them (services.why_blocked), set by its view.
    why: str = ""

    @property
    def sentences(self) -> list[str]:
        return [as_sentence(reason) for reason in self.reasons]


@dataclass
class Row:
    board_member: BoardMember
    candidates: list[Candidate]
    blocked: list[Candidate]
    proposed: Match | None = None  # the board member's open proposal, if any

    @property
    def waiting_on(self) -> str:
        """Why no other mentor may be proposed for this board member now (`proposed_elsewhere`);
        empty when one may."""
        return proposed_elsewhere(self.board_member, self.proposed)


@dataclass
class Proposal:
    """An open proposal, and every reason it may no longer be accepted (empty when it may)."""

    match: Match
    blocks: list[str] = field(default_factory=list)
    # `blocks` as the board's reader may read them (services.why_blocked), set by its view.
    why: str = ""


@dataclass
class MatchBoard:
    programme: Programme
    settings: MatchingSettings
    mentors: list[MentorApplication]
    board_members: list[BoardMember]  # still to be matched
    scores: np.ndarray  # mentors x board members
    allowed: np.ndarray
    blocks: dict[str, np.ndarray]  # each rule of BLOCKS, then each unmet Mandatory criterion
    particulars: dict[str, np.ndarray]  # what a rule's sentence adds for each pair it blocks
    proposals: list[Match]
    active: list[Match]
    waiting_for_profile: list[BoardMember] = field(default_factory=list)
    # An ended programme's: who was waiting for a mentor when it closed (`left_unmatched`).
    left_unmatched: list[BoardMember] = field(default_factory=list)
    joined: int = 0  # board members who joined, with an account still open, paired or not
    # Of those, how many are in no pair now because their pairing ran its course: never
    # matched again (`_pairing_completed`), so not among those still to be matched.
    ran_its_course: int = 0
    rows: list[Row] = field(default_factory=list)
    open_proposals: list[Proposal] = field(default_factory=list)  # the proposals, each checked
    # The open proposals by board member and by mentor, looked up once per row.
    proposal_of_member: dict[int, Match] = field(default_factory=dict)
    proposals_of_mentor: dict[int, list[Match]] = field(default_factory=dict)

    @property
    def anyone_to_propose(self) -> bool:
        """Whether the optimal assignment could propose anyone: a board member still to be
        matched with at least one mentor they may be paired with, sharing something."""
        return bool(self.allowed.size) and bool(proposable(self.scores, self.allowed).any())

    @property
    def acceptable_proposals(self) -> int:
        return sum(1 for proposal in self.open_proposals if not proposal.blocks)

    def candidate(self, i: int, j: int) -> Candidate:
        """A pair that may be made, with its reasons in words (scored again, one pair)."""
        mentor, member = self.mentors[i], self.board_members[j]
        result = compatibility(profile(mentor), profile(member), self.settings.weights)
        return Candidate(mentor, result.score, result.reasons, self.blocks_for(i, j))

    def blocks_for(self, i: int, j: int) -> list[str]:
        return [
            BLOCK_BY_CODE[code].said(self.particulars[code][i, j])
            if code in self.particulars
            else BLOCK_SENTENCES[code]
            for code, matrix in self.blocks.items()
            if matrix[i, j]
        ]

    def blocked_count(self) -> dict[str, int]:
        """How many pairs each rule blocks (a pair blocked twice counts under both)."""
        return {code: int(matrix.sum()) for code, matrix in self.blocks.items()}


# The table's rules, then the Mandatory criteria, in the order a blocked pair lists them.
BLOCK_SENTENCES = {block.code: block.sentence for block in BLOCKS} | BLOCKING
BLOCK_BY_CODE = {block.code: block for block in BLOCKS}


def pair_blocks(mentor, member, settings: MatchingSettings, facts: PairFacts, result) -> list[str]:
    """Why one pair may not be made: the table's rules, then unmet Mandatory criteria."""
    return hard_blocks(facts, _rules(settings)) + result.blocking


def ending_in_words(ended_at, end_reason: str) -> str:
    """How a pair ended, as the block on pairing them again says it: "ended 30 November
    2026, withdrawn" (the date in the programme's time zone)."""
    words = "ended"
    if ended_at is not None:
        words += f" {date_format(timezone.localtime(ended_at), 'j F Y')}"
    if end_reason:
        words += f", {EndReason(end_reason).label.lower()}"
    return words


def pair_history(mentor_users, member_users) -> dict[tuple[int, int], dict[int, str]]:
    """Every pair ever confirmed between these mentors and board members (their users), by
    programme: how it ended in words, "" while it is active. One query; the latest pair
    of a programme speaks for it."""
    history: dict[tuple[int, int], dict[int, str]] = {}
    for programme_id, mentor_user, member_user, status, ended_at, end_reason in (
        Match.objects.exclude(status=MatchStatus.PROPOSED)
        .filter(mentor__applicant__in=mentor_users, board_member__user__in=member_users)
        .order_by(F("ended_at").asc(nulls_first=True))
        .values_list(
            "programme_id",
            "mentor__applicant_id",
            "board_member__user_id",
            "status",
            "ended_at",
            "end_reason",
        )
    ):
        ended = status == MatchStatus.ENDED
        history.setdefault((mentor_user, member_user), {})[programme_id] = (
            ending_in_words(ended_at, end_reason) if ended else ""
        )
    return history


def _rules(settings: MatchingSettings) -> Rules:
    return Rules(
        block_same_department=settings.block_same_department,
        block_repeat_pairs=settings.block_repeat_pairs,
        mentor_capacity=settings.mentor_capacity,
    )


def match_board(
    programme: Programme, *, with_rows: bool = True, settings: MatchingSettings | None = None
) -> MatchBoard:
    """Everything the board shows, in a fixed number of queries whatever the cohort size.

    `with_rows` adds each board member's ranked candidates and blocked pairs in words (none
    in an ended programme: `off_the_board`); the optimal assignment needs only the matrices.
    `settings` lets a page show what the rules would do before the programme has any saved
    (the defaults, unsaved)."""
    if settings is None:
        settings = MatchingSettings.for_programme(programme)
    active = Count("matches", filter=Q(matches__status=MatchStatus.ACTIVE))
    mentors = list(
        # Those on the board (`off_the_board`, in SQL) whose application is accepted.
        MentorApplication.objects.filter(
            MENTOR_ON_THE_BOARD, programme=programme, status=ApplicationStatus.ACCEPTED
        )
        .with_briefed()
        .annotate(active_matches=active)
        .select_related("applicant")
        .prefetch_related("themes")
        .order_by("applicant__full_name")
    )
    board_members = BoardMember.objects.filter(programme=programme)
    if programme.has_ended:
        # Accounts switched off or deleted since too (not before: they had left by then),
        # and who was in a pair at the closing (in the same query): for `left_unmatched`.
        board_members = (
            board_members.joined()
            .exclude(user__deactivated_at__lte=programme.closed_at)
            .annotate(paired_when_closed=paired_at(programme.closed_at))
        )
    else:
        board_members = board_members.filter(user__is_active=True)
    everyone = list(
        board_members.with_briefed()
        .with_pairing_completed()
        .annotate(active_matches=active)
        .select_related("user", "board")
        .prefetch_related("themes")
        .order_by("user__full_name")
    )
    members = [m for m in everyone if m.user.is_active]
    # Still to be matched: on the board (`off_the_board`) and in no pair. Only complete
    # profiles can be scored; the others are listed as waiting. (The start page counts the
    # same people in SQL: `BoardMemberQuerySet.waiting_for_a_mentor`.)
    unmatched = [m for m in members if not member_off_the_board(m) and not m.active_matches]
    waiting = [
        m
        for m in members
        if not m.is_profile_complete and not m.pairing_completed and not m.active_matches
    ]
    mentor_users = [m.applicant_id for m in mentors]
    member_users = [m.user_id for m in unmatched]
    conflicts = set(
        ConflictOfInterest.objects.filter(
            mentor__in=mentor_users, board_member__in=member_users
        ).values_list("mentor_id", "board_member_id")
    )
    history = pair_history(mentor_users, member_users)
    paired_before = {users for users, cohorts in history.items() if set(cohorts) - {programme.pk}}
    ended_here = {
        users: cohorts[programme.pk]
        for users, cohorts in history.items()
        if cohorts.get(programme.pk)
    }
    scores, unmet = score_matrix_explained(
        [profile(m) for m in mentors],
        [profile(m) for m in unmatched],
        settings.weights,
    )
    own = own_addresses([*(m.applicant for m in mentors), *(m.user for m in unmatched)])
    facts = _cohort_facts(mentors, unmatched, conflicts, paired_before, ended_here, own)
    blocks = blocked_by(facts, _rules(settings), scores.shape) | unmet
    allowed = np.ones(scores.shape, dtype=bool)
    for blocked in blocks.values():
        allowed &= ~blocked
    proposals = list(
        Match.objects.proposed()
        .filter(programme=programme)
        .select_related("mentor__applicant", "board_member__user")
        .order_by(*OPEN_PROPOSALS_ORDER)
    )
    active_matches = list(
        Match.objects.active()
        .filter(programme=programme)
        .select_related("mentor__applicant", "board_member__user")
        .order_by("board_member__user__full_name")
    )
    board = MatchBoard(
        programme=programme,
        settings=settings,
        mentors=mentors,
        board_members=unmatched,
        scores=scores,
        allowed=allowed,
        blocks=blocks,
        particulars=particulars_of(facts, scores.shape),
        proposals=proposals,
        active=active_matches,
        waiting_for_profile=waiting,
        joined=len(members),
        ran_its_course=sum(1 for m in members if m.pairing_completed and not m.active_matches),
        left_unmatched=left_unmatched(everyone) if programme.has_ended else [],
    )
    for match in proposals:
        board.proposal_of_member.setdefault(match.board_member_id, match)
        board.proposals_of_mentor.setdefault(match.mentor_id, []).append(match)
    mentor_row = {m.pk: i for i, m in enumerate(mentors)}
    member_column = {m.pk: j for j, m in enumerate(unmatched)}
    joined = {m.pk: m for m in members}
    board.open_proposals = [
        Proposal(match, _proposal_blocks(board, match, mentor_row, member_column, joined))
        for match in proposals
    ]
    for match in proposals:
        i, j = mentor_row.get(match.mentor_id), member_column.get(match.board_member_id)
        if i is not None and j is not None:
            # What the two share now, not when it was proposed: either may have changed
            # their answers since. (Shown only: the pair keeps those it was proposed with.)
            fresh = board.candidate(i, j)
            match.score, match.reasons = fresh.score, fresh.reasons
    if with_rows and not programme.has_ended:
        board.rows = [_row(board, j) for j in range(len(unmatched))]
    return board


def paired_at(moment) -> Exists:
    """The board member (the outer row) was in a pair at `moment`: one accepted
    (`activated_at`) by then and not ended by then. A proposal is not a pair, nor is one
    discarded (never accepted)."""
    return Exists(
        Match.objects.filter(board_member=OuterRef("pk"), activated_at__lte=moment).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=moment)
        )
    )


def left_unmatched(members: Iterable[BoardMember]) -> list[BoardMember]:
    """Of an ended programme's board members who joined (annotated `paired_when_closed`,
    `paired_at` its closing), those waiting for a mentor when it closed: in no pair then, and
    none of theirs had run its course. Not who is in no pair now: closing ends no pair, and
    a pair that ends after it leaves nobody waiting. Those whose accounts were switched off or
    deleted since are named too, as the board names them elsewhere: they were left waiting
    all the same; those whose accounts had gone before it are not (`match_board`)."""
    return [m for m in members if not m.paired_when_closed and not m.pairing_completed]


def _proposal_blocks(
    board: MatchBoard, match: Match, mentor_row, member_column, joined
) -> list[str]:
    """Why an open proposal may no longer be accepted, from what the board already loaded:
    the rules may have changed since it was made (a conflict of interest recorded, say). As
    the accepting service says it (`services.proposals_review`): off the board
    (`off_the_board`), or the hard blocks."""
    # A board member not among those loaded has no account open (or none), which
    # `member_off_the_board` reads from the proposal's own row before anything else.
    member = joined.get(match.board_member_id, match.board_member)
    if off := off_the_board(board.programme, match.mentor, member):
        return [off]
    i, j = mentor_row.get(match.mentor_id), member_column.get(match.board_member_id)
    if i is not None and j is not None:
        return board.blocks_for(i, j)
    reasons = []
    if i is None:  # on the board, so not accepted
        reasons.append(BLOCK_SENTENCES["mentor_not_accepted"])
    if j is None:  # on the board, so in a pair
        reasons.append(BLOCK_SENTENCES["board_member_paired"])
    return reasons


def _cohort_facts(mentors, members, conflicts, paired_before, ended_here, own) -> PairFacts:
    """The facts of every pair at once: mentors down a column, board members across a row."""
    row = {m.applicant_id: i for i, m in enumerate(mentors)}
    column = {m.user_id: j for j, m in enumerate(members)}

    def pairs(users: set[tuple[int, int]]) -> np.ndarray:
        matrix = np.zeros((len(mentors), len(members)), dtype=bool)
        for mentor_user, member_user in users:
            if mentor_user in row and member_user in column:
                matrix[row[mentor_user], column[member_user]] = True
        return matrix

    ending = np.full((len(mentors), len(members)), "", dtype=object)
    for (mentor_user, member_user), words in ended_here.items():
        if mentor_user in row and member_user in column:
            ending[row[mentor_user], column[member_user]] = words

    codes: dict[str, int] = {}

    def department(name: str) -> int:
        # -1 for an unknown department, which matches nobody's.
        return codes.setdefault(department_key(name), len(codes)) if name.strip() else -1

    a = np.array([department(m.department) for m in mentors], dtype=np.int64)[:, None]
    b = np.array([department(m.department) for m in members], dtype=np.int64)[None, :]

    def column_of(values) -> np.ndarray:
        return np.array(values, dtype=np.int64)[:, None]

    def row_of(values) -> np.ndarray:
        return np.array(values, dtype=np.int64)[None, :]

    managed = np.zeros((len(mentors), len(members)), dtype=bool)
    by_address = _columns_by_mailbox(members, own)
    for i, mentor in enumerate(mentors):
        for j in by_address.get(mailbox(mentor.line_manager_email), []):
            managed[i, j] = True  # as line_manager_of(mentor, member, own) says, for all at once

    return PairFacts(
        mentor_accepted=column_of([m.status == ApplicationStatus.ACCEPTED for m in mentors]) > 0,
        mentor_briefed=column_of([bool(m.is_briefed) for m in mentors]) > 0,
        board_member_briefed=row_of([bool(m.is_briefed) for m in members]) > 0,
        conflict_of_interest=pairs(conflicts),
        same_department=(a == b) & (a >= 0),
        board_member_active_matches=row_of([m.active_matches for m in members]),
        mentor_active_matches=column_of([m.active_matches for m in mentors]),
        paired_before=pairs(paired_before),
        same_person=same_people(mentors, members, own),
        line_manager=managed,
        ended_here=ending,
    )


def _row(board: MatchBoard, j: int) -> Row:
    """One board member's best candidates (scored in words) and every blocked pair, whose
    score and reasons come straight from the matrices."""
    column_scores = board.scores[:, j] if board.scores.size else np.array([])
    order = np.argsort(-column_scores, kind="stable")
    member = board.board_members[j]
    proposed = board.proposal_of_member.get(member.pk)
    candidates, blocked = [], []
    for i in order:
        if not board.allowed[i, j]:
            blocked.append(
                Candidate(board.mentors[i], int(board.scores[i, j]), [], board.blocks_for(i, j))
            )
        elif len(candidates) < SHOWN_CANDIDATES:
            candidate = board.candidate(i, j)
            candidate.unavailable = no_room_for_another(
                candidate.mentor,
                proposals=board.proposals_of_mentor.get(candidate.mentor.pk, []),
                active=candidate.mentor.active_matches,
                capacity=board.settings.mentor_capacity,
            )
            candidate.proposed = proposed is not None and proposed.mentor_id == candidate.mentor.pk
            candidates.append(candidate)
    return Row(member, candidates, blocked, proposed)


@dataclass
class Readiness:
    """The figures the Matching settings page shows: who is ready and what each rule blocks."""

    programme: Programme
    mentors_accepted: int
    mentors_ready: int  # briefed (or exempted), with room for a board member
    board_members_joined: int
    board_members_ready: int  # profile complete, briefed (or exempted), not yet paired
    waiting_for_profile: int
    pairs: int  # every pair of a ready-or-not accepted mentor and an unpaired board member
    allowed: int
    blocked: list[tuple[str, int]]  # each rule in words, with the pairs it blocks


def readiness(programme: Programme, settings: MatchingSettings | None = None) -> Readiness:
    """What matching would find now, computed the way the board computes it."""
    if settings is None:
        settings = MatchingSettings.objects.filter(programme=programme).first() or MatchingSettings(
            programme=programme
        )
    board = match_board(programme, with_rows=False, settings=settings)
    capacity = settings.mentor_capacity
    counts = board.blocked_count()
    return Readiness(
        programme=programme,
        mentors_accepted=len(board.mentors),
        mentors_ready=sum(1 for m in board.mentors if m.is_briefed and m.active_matches < capacity),
        board_members_joined=board.joined,
        board_members_ready=sum(1 for m in board.board_members if m.is_briefed),
        waiting_for_profile=len(board.waiting_for_profile),
        pairs=int(board.allowed.size),
        allowed=int(board.allowed.sum()),
        blocked=[(as_sentence(BLOCK_SENTENCES[code]), count) for code, count in counts.items()],
    )
