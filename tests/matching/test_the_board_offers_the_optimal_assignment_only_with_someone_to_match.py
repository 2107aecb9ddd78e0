"""The match board offers "Propose an optimal assignment" only while a board member still to
be matched can be paired with a mentor; asked anyway, it says nobody could be proposed
instead of announcing "0 pair(s)"."""

import pytest

from mentoring.models import Match
from tests.matching.board import board_url, messages_shown

pytestmark = pytest.mark.django_db

OPTIMAL = "Propose an optimal assignment"


def test_with_a_pair_possible_the_optimal_assignment_is_offered(office, programme, priya, grace):
    assert OPTIMAL in office.get(board_url(programme)).content.decode()


def test_with_nobody_to_match_it_is_not_offered_and_asking_proposes_nothing(office, programme):
    page = office.get(board_url(programme)).content.decode()
    assert OPTIMAL not in page

    response = office.post(board_url(programme, "optimal"), follow=True)

    assert messages_shown(response) == [
        "Nobody could be proposed: no board member still to be matched can be paired with a "
        "mentor they share something with now. Nothing was changed."
    ]
    assert not Match.objects.filter(programme=programme).exists()
