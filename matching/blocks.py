"""Hard blocks: pairs that are never suggested and refused if forced.

`BLOCKS` is the one table of these rules. The match board, the check made when a pair is
proposed or confirmed, and the optimal assignment all read it, so they refuse exactly the
same pairs. Each rule's test is written with NumPy's logical functions, so the same
lambda answers for one pair (plain booleans and counts) and for a whole cohort at once
(arrays: mentors down, board members across). A rule with particulars adds them to its
sentence for one pair: when it happened, say."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class PairFacts:
    """What the rules look at, for one pair or (as arrays that broadcast) for many."""

    mentor_accepted: Any
    mentor_briefed: Any
    board_member_briefed: Any
    conflict_of_interest: Any
    same_department: Any
    board_member_active_matches: Any
    mentor_active_matches: Any
    paired_before: Any
    same_person: Any = False
    # The mentor's application names the board member as their line manager.
    line_manager: Any = False
    # How their pair in this same programme ended, in words ("ended 30 November 2026,
    # withdrawn"); "" when they have not been paired in it.
    ended_here: Any = ""


@dataclass(frozen=True)
class Rules:
    block_same_department: bool = True
    block_repeat_pairs: bool = True
    mentor_capacity: int = 1


@dataclass(frozen=True)
class Block:
    code: str
    sentence: str  # completes "They cannot be paired: …"
    applies: Callable[[PairFacts, Rules], Any]
    # What the sentence adds in brackets for one pair (or, from a cohort's facts, an array
    # of them); None when the sentence says it all.
    particulars: Callable[[PairFacts], Any] | None = None

    def said(self, particulars: str = "") -> str:
        """The sentence for one pair, with its particulars when it has any."""
        return f"{self.sentence} ({particulars})" if particulars else self.sentence


BLOCKS: tuple[Block, ...] = (
    Block("same_person", "they are the same person", lambda f, r: np.asarray(f.same_person)),
    Block(
        "mentor_not_accepted",
        "the mentor's application is not accepted",
        lambda f, r: np.logical_not(f.mentor_accepted),
    ),
    Block(
        "mentor_not_briefed",
        "the mentor has not been briefed (nor exempted)",
        lambda f, r: np.logical_not(f.mentor_briefed),
    ),
    Block(
        "board_member_not_briefed",
        "the board member has not been briefed (nor exempted)",
        lambda f, r: np.logical_not(f.board_member_briefed),
    ),
    Block(
        "conflict_of_interest",
        "a conflict of interest is recorded between them",
        lambda f, r: np.asarray(f.conflict_of_interest),
    ),
    # Whatever the settings: the partner would have power over the mentor's job, and the
    # mentor must be free to say anything that needs saying.
    Block(
        "line_manager",
        "the board member is the mentor's line manager",
        lambda f, r: np.asarray(f.line_manager),
    ),
    Block(
        "same_department",
        "they work in the same department",
        lambda f, r: np.logical_and(r.block_same_department, f.same_department),
    ),
    Block(
        "board_member_paired",
        "the board member is already in a pair",
        lambda f, r: np.greater_equal(f.board_member_active_matches, 1),
    ),
    Block(
        "mentor_full",
        "the mentor already has as many board members as allowed",
        lambda f, r: np.greater_equal(f.mentor_active_matches, r.mentor_capacity),
    ),
    Block(
        "paired_before",
        "they were paired in an earlier cohort",
        lambda f, r: np.logical_and(r.block_repeat_pairs, f.paired_before),
    ),
    # Whatever the settings: the pair ended on purpose (completed, withdrawn, or rematched
    # with someone else), so proposing the same two again in the same cohort undoes that.
    Block(
        "paired_here",
        "they were paired in this programme already",
        lambda f, r: np.not_equal(f.ended_here, ""),
        particulars=lambda f: f.ended_here,
    ),
)


def hard_blocks(facts: PairFacts, rules: Rules) -> list[str]:
    """Every reason the pair may not be made, in words; empty when it may."""
    return [
        block.said(block.particulars(facts) if block.particulars else "")
        for block in BLOCKS
        if block.applies(facts, rules)
    ]


def blocked_by(facts: PairFacts, rules: Rules, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """For each rule, which pairs of a cohort it blocks: one boolean matrix per rule."""
    return {
        block.code: np.broadcast_to(np.asarray(block.applies(facts, rules), dtype=bool), shape)
        for block in BLOCKS
    }


def particulars_of(facts: PairFacts, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """For each rule with particulars, those of every pair of a cohort: one matrix per rule."""
    return {
        block.code: np.broadcast_to(np.asarray(block.particulars(facts), dtype=object), shape)
        for block in BLOCKS
        if block.particulars is not None
    }
