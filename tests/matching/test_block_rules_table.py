"""The hard-block rules live in one table; the board, the check made when a pair is proposed
(or confirmed) and the optimal assignment all refuse exactly the pairs it blocks."""

import itertools

import numpy as np
import pytest
from django.urls import reverse

from matching.blocks import BLOCKS, PairFacts, Rules, blocked_by, hard_blocks, particulars_of
from matching.selectors import match_board
from matching.services import assignment_propose, pair_check
from mentoring.models import Match
from mentoring.services.matches import MatchError
from tests.matching.blocked_pairs import (
    board_member_already_paired,
    board_member_not_briefed,
    conflict_of_interest,
    line_manager,
    mentor_at_capacity,
    mentor_not_briefed,
    not_accepted,
    paired_in_an_earlier_cohort,
    paired_in_this_programme,
    same_department,
)
from tests.matching.board import briefed_board_member, briefed_mentor

pytestmark = pytest.mark.django_db


def same_person(mentor, member):
    """The mentor also sits on the board (a data slip the rules must still catch)."""
    type(member).objects.filter(pk=member.pk).update(user=mentor.applicant)
    member.refresh_from_db()


# One way to break each rule of the table; a rule added without one fails the first test.
BREAK = {
    "same_person": same_person,
    "mentor_not_accepted": not_accepted,
    "mentor_not_briefed": mentor_not_briefed,
    "board_member_not_briefed": board_member_not_briefed,
    "conflict_of_interest": conflict_of_interest,
    "line_manager": line_manager,
    "same_department": same_department,
    "board_member_paired": board_member_already_paired,
    "mentor_full": mentor_at_capacity,
    "paired_before": paired_in_an_earlier_cohort,
    "paired_here": paired_in_this_programme,
}
RULES = {block.code: block for block in BLOCKS}


def test_every_rule_of_the_table_is_tried_here():
    assert set(BREAK) == set(RULES)


@pytest.mark.parametrize("code", list(RULES))
def test_the_board_the_check_and_the_optimiser_refuse_the_same_pair_for_each_rule(
    programme, coordinator, code
):
    priya = briefed_mentor(programme, "Priya Patel")
    grace = briefed_board_member(programme, "Grace Okafor")
    BREAK[code](priya, grace)
    grace.refresh_from_db()

    with pytest.raises(MatchError) as refused:
        pair_check(mentor=priya, board_member=grace, reader=None)
    # Each rule alone, but for the same person, who can't have been briefed as a board member.
    assert RULES[code].sentence in str(refused.value)

    board = match_board(programme)
    on_board = [
        (i, j)
        for i, mentor in enumerate(board.mentors)
        for j, member in enumerate(board.board_members)
        if (mentor.pk, member.pk) == (priya.pk, grace.pk)
    ]
    # Someone not accepted, or already paired, is not on the board at all.
    for i, j in on_board:
        assert not board.allowed[i, j]
        assert any(reason.startswith(RULES[code].sentence) for reason in board.blocks_for(i, j))
        assert str(refused.value).endswith(
            f"cannot be paired: {'; '.join(board.blocks_for(i, j))}."
        )

    proposals = assignment_propose(programme=programme, proposed_by=coordinator)
    assert (priya.pk, grace.pk) not in {(m.mentor_id, m.board_member_id) for m in proposals}


def test_a_forced_proposal_through_the_board_is_refused_with_the_tables_words(
    client, coordinator, programme
):
    priya = briefed_mentor(programme, "Priya Patel")
    grace = briefed_board_member(programme, "Grace Okafor")
    conflict_of_interest(priya, grace)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:matching_board_propose", args=[programme.pk]),
        {"mentor": priya.pk, "board_member": grace.pk},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"Priya Patel and Grace Okafor cannot be paired: {RULES['conflict_of_interest'].sentence}."
    ]
    assert not Match.objects.exists()


def test_one_pair_and_a_whole_cohort_are_judged_alike_by_the_table():
    """Every combination of facts, judged one pair at a time and as one matrix, in the
    same words."""
    flags = list(itertools.product([False, True], repeat=9))
    counts = [0, 1, 2]
    facts = [
        PairFacts(
            *f[:5],
            board_member_active_matches=b,
            mentor_active_matches=m,
            paired_before=f[5],
            same_person=f[6],
            ended_here="ended 1 July 2026, completed" if f[7] else "",
            line_manager=f[8],
        )
        for f in flags
        for b in counts
        for m in counts
    ]
    for rules in [
        Rules(),
        Rules(block_same_department=False, block_repeat_pairs=False, mentor_capacity=2),
    ]:
        cohort = PairFacts(
            **{
                name: np.array([getattr(f, name) for f in facts])[None, :]
                for name in PairFacts.__dataclass_fields__
            }
        )
        matrices = blocked_by(cohort, rules, (1, len(facts)))
        particulars = particulars_of(cohort, (1, len(facts)))
        for n, one in enumerate(facts):
            one_by_one = hard_blocks(one, rules)
            at_once = [
                b.said(particulars[b.code][0, n] if b.particulars else "")
                for b in BLOCKS
                if matrices[b.code][0, n]
            ]
            assert one_by_one == at_once, one
