"""On a mixed cohort, under each set of rules, the board allows exactly the pairs the check
made on proposing allows, and lists every other pair as blocked."""

import random

import pytest

from matching.models import MatchingSettings
from matching.selectors import match_board
from matching.services import pair_check
from mentoring.models import ApplicationStatus, MatchStatus, ProgrammeStatus
from mentoring.services.matches import MatchError
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
)
from tests.matching.blocked_pairs import conflict_of_interest
from tests.matching.board import (
    FRIDAY_AFTERNOON,
    FRIDAY_EVENING,
    THURSDAY_MORNING,
    TUESDAY_MORNING,
    briefed_board_member,
    briefed_mentor,
)

pytestmark = pytest.mark.django_db


DEPARTMENTS = ["Finance", " finance", "Estates", "Provost's Office", ""]

SLOTS = [TUESDAY_MORNING, THURSDAY_MORNING, FRIDAY_AFTERNOON, FRIDAY_EVENING]

THEMES = ["Anti-racism", "Culture change"]


def mixed_cohort(programme, seed):
    """6 mentors and 5 board members still to be matched, with every kind of block mixed in."""
    rng = random.Random(seed)

    def some(items, at_least=1):
        return rng.sample(items, rng.randint(at_least, len(items)))

    mentors = [
        briefed_mentor(
            programme,
            f"M{n} Mentor",
            # A sent application always has a department (application_sent_is_complete).
            department=rng.choice([d for d in DEPARTMENTS if d]),
            themes=some(THEMES, at_least=0),
            slots=some(SLOTS[:3]) if n % 2 else some(SLOTS[2:]),
            briefed=rng.random() < 0.8,
        )
        for n in range(6)
    ]
    members = [
        briefed_board_member(
            programme,
            f"B{n} Member",
            # A complete profile has a department too (board_member_complete_profile_is_complete).
            department=rng.choice([d for d in DEPARTMENTS if d]),
            themes=some(THEMES),
            slots=some(SLOTS[:2]) if n % 2 else some(SLOTS[1:]),
            briefed=rng.random() < 0.8,
        )
        for n in range(5)
    ]
    # Two mentors already mentor someone (who is then no longer to be matched).
    for mentor in rng.sample(mentors, 2):
        MatchFactory(
            mentor=mentor,
            board_member=briefed_board_member(programme, f"P{mentor.pk} Paired"),
            status=MatchStatus.ACTIVE,
        )
    pairs = [(mentor, member) for mentor in mentors for member in members]
    for mentor, member in rng.sample(pairs, 5):
        conflict_of_interest(mentor, member)
    for n, (mentor, member) in enumerate(rng.sample(pairs, 4)):
        earlier = ProgrammeFactory(status=ProgrammeStatus.CLOSED, recruitment_open=False)
        MatchFactory(
            mentor=MentorFactory(programme=earlier, applicant=mentor.applicant),
            board_member=BriefedBoardMemberFactory(
                programme=earlier, user=member.user, email=member.email
            ),
            status=[MatchStatus.ENDED, MatchStatus.ACTIVE, MatchStatus.PROPOSED][n % 3],
        )
    # Someone not accepted is never on the board, whatever else is true.
    MentorApplicationFactory(programme=programme, status=ApplicationStatus.WAITLISTED)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "rules",
    [
        {},
        {"block_same_department": False, "block_repeat_pairs": False, "mentor_capacity": 2},
        {
            "themes_weight": "mandatory",
            "departments_weight": "mandatory",
            "availability_weight": "low",
        },
    ],
    ids=["default", "relaxed", "other-mandatory"],
)
def test_the_boards_allowed_pairs_agree_with_the_hard_blocks_for_every_pair(programme, seed, rules):
    MatchingSettings.objects.create(programme=programme, **rules)
    mixed_cohort(programme, seed)

    board = match_board(programme)

    assert board.allowed.shape == (6, 5)
    assert board.allowed.any()
    assert not board.allowed.all()
    for i, mentor in enumerate(board.mentors):
        for j, member in enumerate(board.board_members):
            blocks = board.blocks_for(i, j)
            try:
                pair_check(mentor=mentor, board_member=member, reader=None)
                checked = []
            except MatchError as error:
                checked = [str(error)]
            pair = f"{mentor.applicant} / {member}"
            assert board.allowed[i, j] == (blocks == []), f"{pair}: {blocks}"
            assert bool(checked) == bool(blocks), f"{pair}: {checked} against {blocks}"
            if blocks:
                assert checked == [
                    f"{mentor.applicant} and {member} cannot be paired: {'; '.join(blocks)}."
                ]
    shown = {
        (candidate.mentor.pk, row.board_member.pk)
        for row in board.rows
        for candidate in row.candidates
    }
    blocked = {
        (candidate.mentor.pk, row.board_member.pk)
        for row in board.rows
        for candidate in row.blocked
    }
    for i, mentor in enumerate(board.mentors):
        for j, member in enumerate(board.board_members):
            assert ((mentor.pk, member.pk) in blocked) == (not board.allowed[i, j])
            if (mentor.pk, member.pk) in shown:
                assert board.allowed[i, j]
