"""The optimal assignment proposes the pairs with the highest total score, never a blocked
one, in place of the open proposals and around the active pairs."""

import pytest

from matching.models import MatchingSettings
from mentoring.models import Match, MatchStatus
from tests.factories import MatchFactory
from tests.matching.blocked_pairs import conflict_of_interest
from tests.matching.board import accept, board_url, messages_shown, optimal, propose

pytestmark = pytest.mark.django_db


def test_the_optimal_assignment_proposes_the_pairs_with_the_highest_total(
    office, coordinator, programme, priya, tom, grace, harold
):
    # Scores: Priya-Grace 95, Priya-Harold 76, Tom-Grace 76; Tom-Harold is blocked (no
    # shared availability). Taking the best pair first (95) leaves Tom and Harold
    # unpaired; crossing over makes two pairs worth 152 in all.
    response = office.post(board_url(programme, "optimal"), follow=True)

    assert messages_shown(response) == [
        "Optimal assignment proposed: 2 pairs, total score 152. Accept them all, or one by one."
    ]
    proposals = {
        (match.mentor.applicant.full_name, str(match.board_member), match.score)
        for match in Match.objects.proposed()
    }
    assert proposals == {("Tom Tran", "Grace Okafor", 76), ("Priya Patel", "Harold Hughes", 76)}
    assert set(Match.objects.values_list("proposed_by", flat=True)) == {coordinator.pk}
    assert "Proposals (2)" in response.content.decode()


def test_the_optimal_assignment_never_proposes_a_blocked_pair(
    office, programme, priya, tom, grace, harold
):
    # Without the conflict Priya-Harold with Tom-Grace would total 152; with it, the best
    # left is Priya with Grace alone.
    conflict_of_interest(priya, harold)

    response = office.post(board_url(programme, "optimal"), follow=True)

    assert messages_shown(response) == [
        "Optimal assignment proposed: 1 pair, total score 95. Accept them all, or one by one."
    ]
    assert [(m.mentor, m.board_member) for m in Match.objects.all()] == [(priya, grace)]


def test_the_optimal_assignment_replaces_the_open_proposals(
    office, programme, priya, tom, grace, harold
):
    propose(office, programme, priya, grace)
    earlier = Match.objects.get()

    # A page names the proposals it replaces; "Yes" replaces those.
    optimal(office, programme)

    assert not Match.objects.filter(pk=earlier.pk).exists()
    assert Match.objects.proposed().count() == 2


def test_the_optimal_assignment_leaves_active_pairs_alone(
    office, programme, priya, tom, grace, harold
):
    active = MatchFactory(mentor=tom, board_member=grace, status=MatchStatus.ACTIVE)

    office.post(board_url(programme, "optimal"))

    assert Match.objects.get(pk=active.pk).status == MatchStatus.ACTIVE
    # Tom has no room left and Grace is paired, so only Priya and Harold remain.
    assert [(m.mentor, m.board_member) for m in Match.objects.proposed()] == [(priya, harold)]


def test_with_room_for_two_the_optimal_assignment_gives_one_mentor_two_board_members(
    office, programme, priya, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    MatchingSettings.objects.create(programme=programme, mentor_capacity=2)

    office.post(board_url(programme, "optimal"), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(office, programme, follow=True)

    assert messages_shown(response) == [
        "2 pairs confirmed and both people in each emailed an introduction: "
        "Priya Patel and Grace Okafor; Priya Patel and Harold Hughes."
    ]
    assert {m.board_member for m in Match.objects.active().filter(mentor=priya)} == {grace, harold}
    assert len(mailoutbox) == 4
