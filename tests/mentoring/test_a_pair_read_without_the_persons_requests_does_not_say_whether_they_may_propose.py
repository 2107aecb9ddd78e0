"""Whether a pair's pages offer to propose or move meetings depends on the person's request
to end the pairing (`PairView.may_propose`). A pair read without it (`pair_view` without
`requests`) refuses to answer, loudly, rather than answer as though there were none: a page
that forgot to read it would offer Maya, who asked the office to end her pairing, to
propose meetings to Bola."""

import pytest

from mentoring.models import PairRequestKind
from mentoring.selectors.pairs import pair_view
from mentoring.services.pairs import pair_request_raise
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ASKED = ["may_propose", "not_proposing_said", "not_moving_said", "asked_to_end", "next_step"]


@pytest.fixture
def maya_asked_to_end(cast):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note="")


@pytest.mark.parametrize("answer", ASKED)
def test_a_pair_read_without_the_requests_refuses_to_say(cast, maya_asked_to_end, answer):
    pair = pair_view(cast.pair, cast.mentor)

    with pytest.raises(RuntimeError, match="without the person's requests"):
        getattr(pair, answer)


def test_nor_whether_a_meeting_may_be_moved(cast, maya_asked_to_end):
    booked = MeetingFactory(match=cast.pair)

    with pytest.raises(RuntimeError, match="without the person's requests"):
        pair_view(cast.pair, cast.mentor).may_move(booked)


def test_read_with_them_it_says_maya_proposes_nothing_while_her_request_is_open(
    cast, maya_asked_to_end
):
    assert not pair_view(cast.pair, cast.mentor, requests=True).may_propose
    assert pair_view(cast.pair, cast.board_member, requests=True).may_propose


def test_what_needs_no_requests_is_still_answered(cast, maya_asked_to_end):
    pair = pair_view(cast.pair, cast.mentor)

    assert pair.partner_name == "Bola Board"
    assert not pair.both_agreed_any
