"""A request the board's buttons would never send (a blocked pair, someone of another
programme, ids that are not numbers) changes nothing, and never answers with a server
error."""

import pytest

from mentoring.models import Match, MatchStatus
from tests.factories import MatchFactory, ProgrammeFactory
from tests.matching.blocked_pairs import BLOCKS
from tests.matching.board import board_url, briefed_mentor, messages_shown, propose

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("block", "reason"), BLOCKS)
def test_a_forged_proposal_of_a_blocked_pair_is_refused_with_the_reason(
    office, programme, priya, grace, block, reason
):
    block(priya, grace)

    response = propose(office, programme, priya, grace)

    assert messages_shown(response) == [f"Priya Patel and Grace Okafor cannot be paired: {reason}."]
    assert not Match.objects.proposed().filter(mentor=priya, board_member=grace).exists()


def test_a_mentor_from_another_programme_cannot_be_proposed(office, programme, grace):
    elsewhere = briefed_mentor(ProgrammeFactory(), "Eve Else")

    response = propose(office, programme, elsewhere, grace)

    assert response.status_code == 404
    assert not Match.objects.exists()


def test_a_proposal_from_another_programme_cannot_be_accepted_from_this_board(
    office, programme, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = MatchFactory()

    with django_capture_on_commit_callbacks(execute=True):
        office.post(board_url(programme, "accept"), {"match": elsewhere.pk})

    assert Match.objects.get(pk=elsewhere.pk).status == MatchStatus.PROPOSED
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("propose", {"mentor": "priya", "board_member": "grace"}),
        ("propose", {}),
        ("accept", {"match": "all of them"}),
        ("discard", {"match": "1 OR 1=1"}),
    ],
)
def test_a_forged_request_with_ids_that_are_not_numbers_is_refused_without_a_server_error(
    office, programme, priya, grace, action, data
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    office.raise_request_exception = False

    response = office.post(board_url(programme, action), data)

    assert response.status_code in (302, 400, 404)
    assert list(Match.objects.values_list("pk", "status")) == [(proposal.pk, MatchStatus.PROPOSED)]
