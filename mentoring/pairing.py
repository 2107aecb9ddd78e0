"""Where a person stands with a partner, on one side of the pairs: what their pages may say
of the person they are, were or would have been paired with. A pure rule (no database),
read from facts the pages have: `mentoring.selectors.partnering` for a mentor,
`BoardMemberQuerySet.with_pairing` for a board member's place in one programme."""

from enum import StrEnum


class Pairing(StrEnum):
    PAIRED = "paired"  # in a pair now (closing a programme ends no pair)
    TO_BE_PAIRED = "to be paired"  # in none now, and may yet be
    WAS_PAIRED = "was paired"  # in none now, nor to be: one they were in has ended
    NOT_TO_BE_PAIRED = "not to be paired"  # never paired, and never to be: the programme ended


def pairing_stands(*, paired: bool, may_be_paired: bool, was_paired: bool) -> Pairing:
    """A pair now comes first, then one still to come, then one that has ended: someone
    whose pair was withdrawn and who is offered another is still to be paired."""
    if paired:
        return Pairing.PAIRED
    if may_be_paired:
        return Pairing.TO_BE_PAIRED
    if was_paired:
        return Pairing.WAS_PAIRED
    return Pairing.NOT_TO_BE_PAIRED
