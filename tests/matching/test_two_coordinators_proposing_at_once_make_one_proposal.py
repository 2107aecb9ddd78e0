"""Two coordinators propose pairs that share a person at the same moment, on PostgreSQL with
two real connections: the board member is proposed once, and a mentor with room for one
board member is proposed for one. The interleaving is forced: the second proposal is made
while the first has checked the pair and not yet written it, and the first goes on after a
pause long enough for the second to reach its own checks."""

import time

import pytest

from matching import services as matching_services
from mentoring.models import Match
from mentoring.services.matches import MatchError
from tests.concurrency import needs_postgresql, started
from tests.factories import CoordinatorFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

PAUSE = 1.0  # long enough for the other proposal to reach its checks


def _propose_while_a_colleague_proposes(monkeypatch, first, second):
    """`first` (mentor, board member) proposed by one coordinator; `second` by another,
    started once the first has checked its pair. What the first returned, and the second's
    outcome ("result" or "error")."""
    office, colleague = CoordinatorFactory(), CoordinatorFactory(email="b@example.org")
    checked = matching_services._check_not_proposed_elsewhere
    other = {}

    def checked_while_a_colleague_proposes(**kwargs):
        checked(**kwargs)
        if not other:
            mentor, member = second
            other["thread"], other["outcome"] = started(
                lambda: matching_services.pair_propose(
                    mentor=mentor, board_member=member, proposed_by=colleague
                )
            )
            time.sleep(PAUSE)

    monkeypatch.setattr(
        matching_services, "_check_not_proposed_elsewhere", checked_while_a_colleague_proposes
    )
    mentor, member = first
    made = matching_services.pair_propose(mentor=mentor, board_member=member, proposed_by=office)
    other["thread"].join(30)
    return made, other["outcome"]


def test_a_board_member_proposed_with_two_mentors_at_once_is_proposed_once(monkeypatch, people):
    priya, tom, grace = people["priya"], people["tom"], people["grace"]

    made, other = _propose_while_a_colleague_proposes(monkeypatch, (priya, grace), (tom, grace))

    assert [(m.mentor, m.board_member) for m in Match.objects.proposed()] == [(priya, grace)]
    assert made.mentor == priya
    assert isinstance(other.get("error"), MatchError), other
    assert str(other["error"]) == (
        "Grace Okafor is already proposed with Priya Patel: accept or discard that proposal first."
    )


def test_a_mentor_with_room_for_one_proposed_twice_at_once_is_proposed_once(monkeypatch, people):
    priya, grace, harold = people["priya"], people["grace"], people["harold"]

    made, other = _propose_while_a_colleague_proposes(monkeypatch, (priya, grace), (priya, harold))

    assert [(m.mentor, m.board_member) for m in Match.objects.proposed()] == [(priya, grace)]
    assert made.board_member == grace
    assert isinstance(other.get("error"), MatchError), other
    assert str(other["error"]) == (
        "Priya Patel has no room for another board member (already proposed for Grace Okafor): "
        "accept or discard that proposal first."
    )
