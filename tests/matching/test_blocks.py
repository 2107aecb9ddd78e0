"""Hard blocks: the pairs that are never suggested and refused if forced. No database."""

from dataclasses import replace

import pytest

from matching.blocks import PairFacts, Rules, hard_blocks

# Two briefed people from different departments, neither yet paired, never paired before.
FREE_PAIR = PairFacts(
    mentor_accepted=True,
    mentor_briefed=True,
    board_member_briefed=True,
    conflict_of_interest=False,
    same_department=False,
    board_member_active_matches=0,
    mentor_active_matches=0,
    paired_before=False,
)
DEFAULT_RULES = Rules()


def test_a_free_pair_may_be_made():
    assert hard_blocks(FREE_PAIR, DEFAULT_RULES) == []


def test_the_default_rules_block_same_department_and_repeat_pairs_and_allow_one_pair_a_mentor():
    assert (
        Rules(block_same_department=True, block_repeat_pairs=True, mentor_capacity=1)
        == DEFAULT_RULES
    )


@pytest.mark.parametrize(
    ("fact", "reason"),
    [
        ({"mentor_accepted": False}, "the mentor's application is not accepted"),
        ({"mentor_briefed": False}, "the mentor has not been briefed (nor exempted)"),
        ({"board_member_briefed": False}, "the board member has not been briefed (nor exempted)"),
        ({"conflict_of_interest": True}, "a conflict of interest is recorded between them"),
        ({"same_department": True}, "they work in the same department"),
        ({"board_member_active_matches": 1}, "the board member is already in a pair"),
        ({"board_member_active_matches": 2}, "the board member is already in a pair"),
        ({"mentor_active_matches": 1}, "the mentor already has as many board members as allowed"),
        ({"paired_before": True}, "they were paired in an earlier cohort"),
        (
            {"ended_here": "ended 1 July 2026, withdrawn"},
            "they were paired in this programme already (ended 1 July 2026, withdrawn)",
        ),
    ],
)
def test_each_fact_alone_blocks_the_pair_with_its_reason_in_words(fact, reason):
    assert hard_blocks(replace(FREE_PAIR, **fact), DEFAULT_RULES) == [reason]


@pytest.mark.parametrize(
    ("fact", "relaxed"),
    [
        ({"same_department": True}, {"block_same_department": False}),
        ({"paired_before": True}, {"block_repeat_pairs": False}),
    ],
)
def test_a_coordinator_can_relax_the_department_and_repeat_pair_rules(fact, relaxed):
    assert hard_blocks(replace(FREE_PAIR, **fact), Rules(**relaxed)) == []


@pytest.mark.parametrize(
    "rules",
    [Rules(block_same_department=False), Rules(block_repeat_pairs=False), Rules(mentor_capacity=5)],
)
@pytest.mark.parametrize(
    ("fact", "reason"),
    [
        ({"mentor_accepted": False}, "the mentor's application is not accepted"),
        ({"mentor_briefed": False}, "the mentor has not been briefed (nor exempted)"),
        ({"board_member_briefed": False}, "the board member has not been briefed (nor exempted)"),
        ({"conflict_of_interest": True}, "a conflict of interest is recorded between them"),
        ({"board_member_active_matches": 1}, "the board member is already in a pair"),
        (
            {"ended_here": "ended 1 July 2026, rematched"},
            "they were paired in this programme already (ended 1 July 2026, rematched)",
        ),
    ],
)
def test_no_setting_relaxes_the_rules_that_always_hold(rules, fact, reason):
    assert hard_blocks(replace(FREE_PAIR, **fact), rules) == [reason]


@pytest.mark.parametrize(
    ("capacity", "active", "blocked"),
    [
        (1, 0, False),
        (1, 1, True),
        (1, 2, True),
        (2, 0, False),
        (2, 1, False),
        (2, 2, True),
        (2, 3, True),
    ],
)
def test_a_mentor_is_blocked_once_they_have_as_many_board_members_as_their_capacity(
    capacity, active, blocked
):
    facts = replace(FREE_PAIR, mentor_active_matches=active)
    reasons = hard_blocks(facts, Rules(mentor_capacity=capacity))
    assert reasons == (
        ["the mentor already has as many board members as allowed"] if blocked else []
    )


def test_every_reason_is_given_in_a_fixed_order_when_everything_is_wrong():
    everything_wrong = PairFacts(
        mentor_accepted=False,
        mentor_briefed=False,
        board_member_briefed=False,
        conflict_of_interest=True,
        same_department=True,
        board_member_active_matches=1,
        mentor_active_matches=1,
        paired_before=True,
        ended_here="ended 1 July 2026, completed",
    )
    assert hard_blocks(everything_wrong, DEFAULT_RULES) == [
        "the mentor's application is not accepted",
        "the mentor has not been briefed (nor exempted)",
        "the board member has not been briefed (nor exempted)",
        "a conflict of interest is recorded between them",
        "they work in the same department",
        "the board member is already in a pair",
        "the mentor already has as many board members as allowed",
        "they were paired in an earlier cohort",
        "they were paired in this programme already (ended 1 July 2026, completed)",
    ]
    assert hard_blocks(
        everything_wrong, Rules(block_same_department=False, block_repeat_pairs=False)
    ) == [
        "the mentor's application is not accepted",
        "the mentor has not been briefed (nor exempted)",
        "the board member has not been briefed (nor exempted)",
        "a conflict of interest is recorded between them",
        "the board member is already in a pair",
        "the mentor already has as many board members as allowed",
        "they were paired in this programme already (ended 1 July 2026, completed)",
    ]
