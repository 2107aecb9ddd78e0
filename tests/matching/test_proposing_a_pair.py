"""A coordinator proposes one pair from the board; a pair is proposed once."""

import pytest

from mentoring.models import Match, MatchStatus
from tests.matching.board import messages_shown, propose

pytestmark = pytest.mark.django_db


def test_a_coordinator_proposes_a_pair_from_the_board(office, coordinator, programme, priya, grace):
    response = propose(office, programme, priya, grace)

    assert messages_shown(response) == ["Proposed: Priya Patel with Grace Okafor."]
    match = Match.objects.get()
    assert (match.mentor, match.board_member, match.status) == (priya, grace, MatchStatus.PROPOSED)
    assert (match.score, match.proposed_by, match.activated_at) == (95, coordinator, None)
    assert match.reasons[0] == "both care about Anti-racism and Culture change"
    content = response.content.decode()
    assert "Proposals (1)" in content
    assert 'Accept<span class="visually-hidden"> Priya Patel with Grace Okafor' in content


def test_the_same_pair_cannot_be_proposed_twice(office, programme, priya, grace):
    propose(office, programme, priya, grace)

    response = propose(office, programme, priya, grace)

    assert messages_shown(response) == [
        "Priya Patel and Grace Okafor are already proposed or paired."
    ]
    assert Match.objects.count() == 1
