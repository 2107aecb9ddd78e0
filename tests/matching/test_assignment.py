import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from matching.assignment import greedy_assignment, optimal_assignment, total

ASSIGNMENTS = [optimal_assignment, greedy_assignment]


def everyone_allowed(scores):
    return np.ones(np.shape(scores), dtype=bool)


def test_the_optimal_assignment_sees_past_the_greedy_trap():
    # Greedy takes the single best pair (10) and leaves the other two people with
    # nothing in common; crossing over scores 9 + 9.
    scores = np.array([[10, 9], [9, 0]])

    optimal = optimal_assignment(scores, everyone_allowed(scores))
    greedy = greedy_assignment(scores, everyone_allowed(scores))

    assert (optimal, total(scores, optimal)) == ([(1, 0), (0, 1)], 18)
    assert (greedy, total(scores, greedy)) == ([(0, 0)], 10)


@pytest.mark.parametrize("assign", ASSIGNMENTS)
@pytest.mark.parametrize(
    ("scores", "allowed", "pairs"),
    [
        ([[100, 1], [1, 1]], [[False, True], [True, True]], [(1, 0), (0, 1)]),
        ([[100, 1]], [[False, True]], [(0, 1)]),
        ([[100], [90]], [[False], [False]], []),
    ],
)
def test_a_blocked_pair_is_never_proposed_however_well_it_scores(assign, scores, allowed, pairs):
    assert assign(np.array(scores), np.array(allowed)) == pairs


@pytest.mark.parametrize("assign", ASSIGNMENTS)
def test_pairs_that_score_nothing_are_left_for_the_coordinator(assign):
    scores = np.array([[0, 0], [0, 5]])
    assert assign(scores, everyone_allowed(scores)) == [(1, 1)]


@pytest.mark.parametrize("assign", ASSIGNMENTS)
@pytest.mark.parametrize(
    ("capacity", "pairs"),
    [
        (1, [(0, 0), (1, 2)]),
        (2, [(0, 0), (0, 1), (1, 2)]),
        ([3, 0], [(0, 0), (0, 1), (0, 2)]),
        ([0, 1], [(1, 2)]),
        (0, []),
    ],
)
def test_a_mentor_takes_no_more_board_members_than_their_capacity(assign, capacity, pairs):
    scores = np.array([[9, 8, 7], [1, 1, 2]])
    assert assign(scores, everyone_allowed(scores), capacity) == pairs


@pytest.mark.parametrize("assign", ASSIGNMENTS)
def test_pairs_come_back_in_board_member_order(assign):
    scores = np.array([[1, 9, 1], [1, 1, 9], [9, 1, 1]])
    assert assign(scores, everyone_allowed(scores)) == [(2, 0), (0, 1), (1, 2)]


def test_greedy_breaks_ties_by_mentor_then_board_member():
    scores = np.full((3, 2), 5)
    assert greedy_assignment(scores, everyone_allowed(scores)) == [(0, 0), (1, 1)]


@pytest.mark.parametrize("assign", ASSIGNMENTS)
@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0)])
def test_an_empty_cohort_gives_no_pairs(assign, shape):
    assert assign(np.zeros(shape), np.zeros(shape, dtype=bool)) == []


@pytest.mark.parametrize("assign", ASSIGNMENTS)
@pytest.mark.parametrize(
    ("allowed", "capacity", "message"),
    [
        (np.ones((2, 3), dtype=bool), 1, "same shape"),
        (np.ones((3, 2), dtype=bool), [1, 1], "one capacity per mentor"),
        (np.ones((3, 2), dtype=bool), [1, -1, 1], "cannot be negative"),
    ],
)
def test_inconsistent_inputs_are_refused(assign, allowed, capacity, message):
    with pytest.raises(ValueError, match=message):
        assign(np.ones((3, 2)), allowed, capacity)


def test_the_total_is_the_sum_of_the_chosen_pairs_scores():
    scores = np.array([[0.5, 2.0], [1.25, 4.0]])
    assert total(scores, [(1, 0), (0, 1)]) == 3.25
    assert total(scores, []) == 0


def best_total_by_trying_everything(scores, allowed, capacity):
    """Every way of giving each board member one mentor or none, within the rules."""
    mentors, board_members = scores.shape
    best = 0
    for choice in itertools.product([None, *range(mentors)], repeat=board_members):
        pairs = [(m, b) for b, m in enumerate(choice) if m is not None]
        taken = np.bincount([m for m, _ in pairs], minlength=mentors)
        if all(allowed[m, b] for m, b in pairs) and (taken <= capacity).all():
            best = max(best, total(scores, pairs))
    return best


@st.composite
def cohorts(draw):
    mentors = draw(st.integers(1, 4))
    board_members = draw(st.integers(1, 4))
    scores = draw(arrays(np.int64, (mentors, board_members), elements=st.integers(0, 20)))
    allowed = draw(arrays(np.bool_, (mentors, board_members)))
    capacity = draw(
        st.integers(0, 3) | st.lists(st.integers(0, 3), min_size=mentors, max_size=mentors)
    )
    return scores, allowed, capacity


def check_follows_the_rules(pairs, scores, allowed, capacity):
    mentors = [m for m, _ in pairs]
    board_members = [b for _, b in pairs]
    assert board_members == sorted(set(board_members)), "one mentor per board member, in order"
    assert all(allowed[m, b] and scores[m, b] > 0 for m, b in pairs)
    assert (np.bincount(mentors, minlength=len(scores)) <= capacity).all()


@given(cohorts())
def test_the_optimal_assignment_is_best_and_greedy_never_beats_it(cohort):
    scores, allowed, capacity = cohort

    optimal = optimal_assignment(scores, allowed, capacity)
    greedy = greedy_assignment(scores, allowed, capacity)

    check_follows_the_rules(optimal, scores, allowed, capacity)
    check_follows_the_rules(greedy, scores, allowed, capacity)
    assert total(scores, optimal) >= total(scores, greedy)
    assert total(scores, optimal) == best_total_by_trying_everything(scores, allowed, capacity)
