"""Where a person stands with a partner (mentoring.pairing): a pair now first, then one
still to come, then one that has ended."""

import pytest

from mentoring.pairing import Pairing, pairing_stands


@pytest.mark.parametrize(
    ("paired", "may_be_paired", "was_paired", "stands"),
    [
        (True, False, False, Pairing.PAIRED),
        (True, True, True, Pairing.PAIRED),  # a mentor paired, and offered to another
        (False, True, False, Pairing.TO_BE_PAIRED),
        (False, True, True, Pairing.TO_BE_PAIRED),  # a pair withdrawn: another may come
        (False, False, True, Pairing.WAS_PAIRED),  # ran its course, or the programme ended
        (False, False, False, Pairing.NOT_TO_BE_PAIRED),  # the programme ended first
    ],
)
def test_where_someone_stands_with_a_partner(paired, may_be_paired, was_paired, stands):
    assert pairing_stands(paired=paired, may_be_paired=may_be_paired, was_paired=was_paired) == (
        stands
    )
