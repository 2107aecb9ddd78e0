"""Two chosen proposals for one board member: the second waits on the first. When the first
is then not confirmed (something changed between the review and the confirmation), the
second is still proposed, and the office is told so instead of hearing nothing of it."""

import pytest

from matching import services
from matching.services import proposals_accept
from mentoring.models import Match
from tests.factories import MatchFactory

pytestmark = pytest.mark.django_db


def test_a_proposal_waiting_on_one_not_confirmed_is_named_and_left_proposed(
    programme, people, monkeypatch
):
    first = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    second = MatchFactory(mentor=people["tom"], board_member=people["grace"])
    monkeypatch.setattr(
        services,
        "matches_activate",
        lambda **kwargs: ([], {first.pk: f"{first} was paired meanwhile."}),
    )

    outcome = proposals_accept(matches=[first, second])

    assert outcome.activated == []
    assert outcome.problems == [
        f"{first} was paired meanwhile.",
        f"{second} was not accepted: it waited on another chosen proposal for the same "
        "person, which was not confirmed. It is still proposed.",
    ]
    assert set(Match.objects.proposed()) == {first, second}


def test_a_proposal_waiting_on_one_confirmed_is_withdrawn_without_a_word(programme, people):
    first = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    second = MatchFactory(mentor=people["tom"], board_member=people["grace"])

    outcome = proposals_accept(matches=[first, second])

    assert [pair.pk for pair in outcome.activated] == [first.pk]
    assert outcome.problems == []
    assert outcome.withdrawn == 1
    assert not Match.objects.filter(pk=second.pk).exists()
