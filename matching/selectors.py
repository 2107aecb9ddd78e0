"""The match board: who is still to be matched, their ranked candidates and blocked pairs."""

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q

from matching.blocks import PairFacts, Rules, hard_blocks
from matching.models import ConflictOfInterest, MatchingSettings
from matching.scoring import Profile, compatibility, department_key, score_matrix
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
)

SHOWN_CANDIDATES = 5


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


@dataclass
class Candidate:
    mentor: MentorApplication
    score: int
    reasons: list[str]
    blocks: list[str] = field(default_factory=list)


@dataclass
class Row:
    board_member: BoardMember
    candidates: list[Candidate]
    blocked: list[Candidate]


@dataclass
class MatchBoard:
    programme: Programme
    settings: MatchingSettings
    mentors: list[MentorApplication]
    board_members: list[BoardMember]  # still to be matched
    scores: np.ndarray  # mentors x board members
    allowed: np.ndarray
    proposals: list[Match]
    active: list[Match]
    conflicts: set[tuple[int, int]]  # (mentor user, board member user)
    paired_before: set[tuple[int, int]]
    waiting_for_profile: list[BoardMember] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def candidate(self, i: int, j: int) -> Candidate:
        mentor, member = self.mentors[i], self.board_members[j]
        result = compatibility(profile(mentor), profile(member), self.settings.weights)
        return Candidate(mentor, result.score, result.reasons, self.blocks_for(i, j, result))

    def blocks_for(self, i, j, result=None) -> list[str]:
        mentor, member = self.mentors[i], self.board_members[j]
        if result is None:
            result = compatibility(profile(mentor), profile(member), self.settings.weights)
        return pair_blocks(mentor, member, self.settings, self._facts(mentor, member), result)

    def _facts(self, mentor, member) -> PairFacts:
        return PairFacts(
            mentor_accepted=mentor.status == ApplicationStatus.ACCEPTED,
            mentor_briefed=bool(mentor.is_briefed),
            board_member_briefed=bool(member.is_briefed),
            conflict_of_interest=(mentor.applicant_id, member.user_id) in self.conflicts,
            same_department=same_department(mentor.department, member.department),
            board_member_active_matches=member.active_matches,
            mentor_active_matches=mentor.active_matches,
            paired_before=(mentor.applicant_id, member.user_id) in self.paired_before,
        )


def pair_blocks(mentor, member, settings: MatchingSettings, facts: PairFacts, result) -> list[str]:
    rules = Rules(
        block_same_department=settings.block_same_department,
        block_repeat_pairs=settings.block_repeat_pairs,
        mentor_capacity=settings.mentor_capacity,
    )
    same_person = ["they are the same person"] if mentor.applicant_id == member.user_id else []
    return same_person + hard_blocks(facts, rules) + result.blocking


def match_board(programme: Programme, *, with_rows: bool = True) -> MatchBoard:
    """Everything the board shows, in a fixed number of queries whatever the cohort size.

    `with_rows` adds each board member's ranked candidates and blocked pairs in words;
    the optimal assignment needs only the matrices."""
    settings = MatchingSettings.for_programme(programme)
    active = Count("matches", filter=Q(matches__status=MatchStatus.ACTIVE))
    mentors = list(
        MentorApplication.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .with_briefed()
        .annotate(active_matches=active)
        .select_related("applicant")
        .prefetch_related("themes")
        .order_by("applicant__full_name")
    )
    members = list(
        BoardMember.objects.filter(programme=programme, user__isnull=False)
        .with_briefed()
        .annotate(active_matches=active)
        .select_related("user", "board")
        .prefetch_related("themes")
        .order_by("user__full_name")
    )
    # Only complete profiles can be scored; the others are listed as waiting.
    unmatched = [m for m in members if m.active_matches == 0 and m.is_profile_complete]
    waiting = [m for m in members if m.active_matches == 0 and not m.is_profile_complete]
    mentor_users = [m.applicant_id for m in mentors]
    member_users = [m.user_id for m in unmatched]
    conflicts = set(
        ConflictOfInterest.objects.filter(
            mentor__in=mentor_users, board_member__in=member_users
        ).values_list("mentor_id", "board_member_id")
    )
    paired_before = set(
        Match.objects.exclude(programme=programme)
        .exclude(status=MatchStatus.PROPOSED)
        .filter(mentor__applicant__in=mentor_users, board_member__user__in=member_users)
        .values_list("mentor__applicant_id", "board_member__user_id")
    )
    scores, mandatory_ok = score_matrix(
        [profile(m) for m in mentors],
        [profile(m) for m in unmatched],
        settings.weights,
    )
    allowed = _allowed(mentors, unmatched, settings, conflicts, paired_before, mandatory_ok)
    proposals = list(
        Match.objects.proposed()
        .filter(programme=programme)
        .select_related("mentor__applicant", "board_member__user")
        .order_by("board_member__user__full_name")
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
        proposals=proposals,
        active=active_matches,
        conflicts=conflicts,
        paired_before=paired_before,
        waiting_for_profile=waiting,
    )
    if with_rows:
        board.rows = [_row(board, j) for j in range(len(unmatched))]
    return board


def _allowed(mentors, members, settings, conflicts, paired_before, mandatory_ok) -> np.ndarray:
    """The vectorised twin of `hard_blocks` (a test keeps the two in agreement)."""
    mentor_ok = np.array(
        [bool(m.is_briefed) and m.active_matches < settings.mentor_capacity for m in mentors],
        dtype=bool,
    )
    member_ok = np.array([bool(m.is_briefed) for m in members], dtype=bool)
    allowed = mandatory_ok & mentor_ok[:, None] & member_ok[None, :]
    row = {m.applicant_id: i for i, m in enumerate(mentors)}
    column = {m.user_id: j for j, m in enumerate(members)}
    blocked_pairs = set(conflicts) | {(m.applicant_id, m.applicant_id) for m in mentors}
    if settings.block_repeat_pairs:
        blocked_pairs |= paired_before
    for mentor_user, member_user in blocked_pairs:
        if mentor_user in row and member_user in column:
            allowed[row[mentor_user], column[member_user]] = False
    if settings.block_same_department:
        codes: dict[str, int] = {}

        def code(department: str) -> int:
            # -1 for an unknown department, which matches nobody's.
            if not department.strip():
                return -1
            return codes.setdefault(department_key(department), len(codes))

        a = np.array([code(m.department) for m in mentors], dtype=np.int64)
        b = np.array([code(m.department) for m in members], dtype=np.int64)
        allowed &= ~((a[:, None] == b[None, :]) & (a[:, None] >= 0))
    return allowed


def _row(board: MatchBoard, j: int) -> Row:
    column_scores = board.scores[:, j] if board.scores.size else np.array([])
    order = np.argsort(-column_scores, kind="stable")
    candidates, blocked = [], []
    for i in order:
        if board.allowed[i, j] and len(candidates) < SHOWN_CANDIDATES:
            candidates.append(board.candidate(i, j))
        elif not board.allowed[i, j]:
            blocked.append(board.candidate(i, j))
    return Row(board.board_members[j], candidates, blocked)
