"""Proposing pairs from a score matrix: the best set of pairs, and a greedy one to compare.

Rows are mentors, columns are mentees (board members). Each mentee gets at most one
mentor, each mentor at most their capacity. `allowed` is False for pairs that must never
be made (a Mandatory criterion unmet, a conflict of interest).

Pairs that score 0 are never proposed, even when allowed: they share nothing the
programme asked for, and a coordinator is better served by an unmatched board member
they can see than by a pair made only to fill a slot.
"""

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Pairs = list[tuple[int, int]]  # (mentor row, mentee column), sorted by mentee


def optimal_assignment(
    scores: np.ndarray, allowed: np.ndarray, mentor_capacity: int | Sequence[int] = 1
) -> Pairs:
    """The pairs with the highest total score."""
    scores, usable, capacity = _checked(scores, allowed, mentor_capacity)
    # A mentor with capacity k becomes k identical rows, one per mentee they may take.
    mentor_of_row = np.repeat(np.arange(scores.shape[0]), capacity)
    if mentor_of_row.size == 0 or scores.shape[1] == 0:
        return []
    # Pairs that may not be made cost 0, the same as leaving both people unmatched, so the
    # solver gains nothing by using them; when it needs one to fill a rectangular
    # assignment, we drop it below. That keeps the costs exact, with no "infinite" cost
    # whose size could outweigh real scores.
    cost = np.where(usable, -scores.astype(float), 0.0)[mentor_of_row]
    rows, mentees = linear_sum_assignment(cost)
    mentors = mentor_of_row[rows]
    kept = usable[mentors, mentees]
    return _sorted_pairs(mentors[kept], mentees[kept])


def greedy_assignment(
    scores: np.ndarray, allowed: np.ndarray, mentor_capacity: int | Sequence[int] = 1
) -> Pairs:
    """Best pair first, then the best pair left, and so on.

    Ties go to the lower mentor index, then the lower mentee index, so the result is
    the same on every run.
    """
    scores, usable, capacity = _checked(scores, allowed, mentor_capacity)
    remaining = capacity.tolist()
    mentors, mentees = np.nonzero(usable)  # row-major, so a stable sort breaks ties by index
    best_first = np.argsort(-scores[mentors, mentees], kind="stable")
    taken = [False] * scores.shape[1]
    unmatched = scores.shape[1]
    places = sum(remaining)
    pairs = []
    for mentor, mentee in zip(
        mentors[best_first].tolist(), mentees[best_first].tolist(), strict=True
    ):
        if not unmatched or not places:
            break
        if remaining[mentor] and not taken[mentee]:
            pairs.append((mentor, mentee))
            remaining[mentor] -= 1
            places -= 1
            taken[mentee] = True
            unmatched -= 1
    return sorted(pairs, key=lambda pair: pair[1])


def total(scores: np.ndarray, pairs: Pairs) -> int | float:
    if not pairs:
        return 0
    mentors, mentees = zip(*pairs, strict=True)
    return np.asarray(scores)[list(mentors), list(mentees)].sum().item()


def proposable(scores: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Which pairs an assignment may propose: those allowed that score above 0 (a pair with
    nothing in common is never proposed for a coordinator to accept unread)."""
    return np.asarray(allowed, dtype=bool) & (np.asarray(scores) > 0)


def _checked(
    scores: np.ndarray, allowed: np.ndarray, mentor_capacity: int | Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scores, which pairs may be proposed, and each mentor's capacity."""
    scores = np.asarray(scores)
    allowed = np.asarray(allowed, dtype=bool)
    if scores.ndim != 2 or scores.shape != allowed.shape:
        raise ValueError("scores and allowed must be matrices of the same shape")
    if np.ndim(mentor_capacity) == 0:
        capacity = np.full(scores.shape[0], mentor_capacity, dtype=np.int64)
    else:
        capacity = np.asarray(mentor_capacity, dtype=np.int64)
        if capacity.shape != scores.shape[:1]:
            raise ValueError("give one capacity per mentor (one per row of scores)")
    if (capacity < 0).any():
        raise ValueError("a mentor's capacity cannot be negative")
    return scores, proposable(scores, allowed), capacity


def _sorted_pairs(mentors: np.ndarray, mentees: np.ndarray) -> Pairs:
    order = np.argsort(mentees, kind="stable")
    return list(zip(mentors[order].tolist(), mentees[order].tolist(), strict=True))
