"""Two chosen proposals for one mentor with room for one more board member: the second waits
on the first. When the first is then not confirmed (something changed between the review
and the confirmation), the second is still proposed, and the office is told so instead of
hearing nothing of it. (A board member is proposed with one mentor at a time, so the person
two proposals share is a mentor.)"""

import pytest

from matching import services
from matching.services import proposals_accept
from mentoring.models import Match
from tests.matching.board import proposed_before_room_lowered

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya_proposed_twice(people):
    """Priya proposed with Grace, then with Harold; she now has room for one of them."""
    return proposed_before_room_lowered(people["priya"], people["grace"], people["harold"])


def test_a_proposal_waiting_on_one_not_confirmed_is_named_and_left_proposed(
    priya_proposed_twice, monkeypatch
):
    first, second = priya_proposed_twice
    monkeypatch.setattr(
        services,
        "matches_activate",
        lambda **kwargs: ([], {first.pk: f"{first} was paired meanwhile."}),
    )

    outcome = proposals_accept(matches=[first, second], by=None)

    assert outcome.activated == []
    assert outcome.problems == [
        f"{first} was paired meanwhile.",
        "The pairing of "
        f"{second} was not confirmed and nobody was emailed: it waited on another chosen "
        "proposal for the same person, which was not confirmed. It is still proposed.",
    ]
    assert set(Match.objects.proposed()) == {first, second}


def test_a_proposal_waiting_on_one_confirmed_is_withdrawn_without_a_word(priya_proposed_twice):
    first, second = priya_proposed_twice

    outcome = proposals_accept(matches=[first, second], by=None)

    assert [pair.pk for pair in outcome.activated] == [first.pk]
    assert outcome.problems == []
    assert outcome.withdrawn == [second]
    assert not Match.objects.filter(pk=second.pk).exists()
