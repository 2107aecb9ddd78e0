"""Hard blocks: pairs that are never suggested and refused if forced. A pure function."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PairFacts:
    mentor_accepted: bool
    mentor_briefed: bool
    board_member_briefed: bool
    conflict_of_interest: bool
    same_department: bool
    board_member_active_matches: int
    mentor_active_matches: int
    paired_before: bool


@dataclass(frozen=True)
class Rules:
    block_same_department: bool = True
    block_repeat_pairs: bool = True
    mentor_capacity: int = 1


def hard_blocks(facts: PairFacts, rules: Rules) -> list[str]:
    """Every reason the pair may not be made, in words; empty when it may."""
    reasons = []
    if not facts.mentor_accepted:
        reasons.append("the mentor's application is not accepted")
    if not facts.mentor_briefed:
        reasons.append("the mentor has not been briefed (nor exempted)")
    if not facts.board_member_briefed:
        reasons.append("the board member has not been briefed (nor exempted)")
    if facts.conflict_of_interest:
        reasons.append("a conflict of interest is recorded between them")
    if rules.block_same_department and facts.same_department:
        reasons.append("they work in the same department")
    if facts.board_member_active_matches >= 1:
        reasons.append("the board member already has an active match")
    if facts.mentor_active_matches >= rules.mentor_capacity:
        reasons.append("the mentor already has as many board members as allowed")
    if rules.block_repeat_pairs and facts.paired_before:
        reasons.append("they were paired in an earlier cohort")
    return reasons
