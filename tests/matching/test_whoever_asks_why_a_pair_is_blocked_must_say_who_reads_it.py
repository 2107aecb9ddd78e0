"""Why a pair may not be made is said as its reader may read it: a coordinator once paired
with either person is not told (tests/matching/
test_a_former_partners_withheld_reasons_say_whom_the_reader_was_paired_with.py). So every
service that says why asks who reads it, with no default: a caller that leaves the reader
out is stopped at once, rather than showing a former partner's reasons to whoever reads."""

import inspect

import pytest

from matching import services

# Each service that says why a pair may not be made, and the argument naming its reader.
SAYING_WHY = [
    (services.pair_check, "reader"),
    (services.proposals_review, "reader"),
    (services.proposals_accept, "by"),
    (services.pair_activate, "by"),
]


@pytest.mark.parametrize(("service", "reader"), SAYING_WHY, ids=lambda v: getattr(v, "__name__", v))
def test_the_reader_must_be_named(service, reader):
    parameter = inspect.signature(service).parameters[reader]

    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty


@pytest.mark.django_db
def test_a_pair_check_that_leaves_the_reader_out_is_refused(priya, grace):
    with pytest.raises(TypeError, match="reader"):
        services.pair_check(mentor=priya, board_member=grace)
