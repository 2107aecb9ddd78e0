"""The optimal assignment proposes only pairs that share something (score above 0): the
board offers it only when it could propose someone, and one that proposes nobody changes
nothing, the open proposals staying as they were."""

import pytest

from matching.models import MatchingSettings
from mentoring.models import Match
from tests.admin_pages import messages_shown
from tests.matching.board import board_url, optimal, propose

pytestmark = pytest.mark.django_db

OPTIMAL = "Propose an optimal assignment"


@pytest.fixture
def only_a_pair_scoring_zero(office, programme, tom, harold):
    """Themes and availability count (High, not Mandatory), nothing else does: Tom and Harold
    share no theme and no time, so their pair is allowed but scores 0. The office proposes it
    by hand, as the board lets it."""
    settings = MatchingSettings.for_programme(programme)
    settings.themes_weight = settings.availability_weight = "high"
    settings.learning_styles_weight = settings.interaction_approaches_weight = "off"
    settings.departments_weight = "off"
    settings.save()
    harold.themes.set(programme.themes.filter(name="Culture change"))
    propose(office, programme, tom, harold)
    proposal = Match.objects.proposed().get(mentor=tom, board_member=harold)
    assert proposal.score == 0
    return proposal


def test_the_board_does_not_offer_an_optimal_assignment_that_can_propose_nobody(
    office, programme, only_a_pair_scoring_zero
):
    """The board offers "Propose an optimal assignment" although the only pair anyone could
    make scores 0, which the assignment never proposes: a step that can do nothing (but
    withdraw the open proposal). It should be offered only when the assignment could propose
    someone (`MatchBoard.anyone_to_propose` counts allowed pairs, not allowed pairs scoring
    above 0 as `matching.assignment` does)."""
    page = office.get(board_url(programme)).content.decode()

    assert OPTIMAL not in page


def test_an_optimal_assignment_that_proposes_nobody_does_not_silently_withdraw_a_proposal(
    office, programme, only_a_pair_scoring_zero
):
    """Pressing it withdraws the coordinator's own proposal (Tom with Harold) and then says
    only "Nobody could be proposed": the proposal is gone without a word. An assignment that
    proposes nobody should change nothing (or at least say which proposals it withdrew)."""
    response = optimal(office, programme, follow=True)

    assert Match.objects.filter(pk=only_a_pair_scoring_zero.pk).exists(), messages_shown(response)
