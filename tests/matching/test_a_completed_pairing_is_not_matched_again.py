"""A board member whose pairing ran its course (ended as completed) is not matched again in
that programme: not listed as still to be matched, nor given a mentor by the optimal
assignment, nor promised one on their profile or counted waiting on the start page. A pair
ended to rematch puts them back on the board."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import EndReason, Match, MatchStatus
from tests.admin_pages import words
from tests.factories import MatchFactory
from tests.matching.board import blocked_reasons, board_rows, board_url, candidate_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace_completed(programme, priya, grace):
    """Grace and Priya's pairing ran its course: the office ended it as completed, in a
    programme still running (the learning session and the survey are still to come)."""
    return MatchFactory(
        mentor=priya, board_member=grace, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED
    )


def test_a_board_member_whose_pairing_completed_is_not_still_to_be_matched(
    office, programme, grace_completed, tom, grace
):
    """Ended as completed, Grace's mentoring is over, not interrupted: she is not listed
    under "Still to be matched" (nor counted waiting on the start page, which reads the same
    rule, `_waiting_for_a_mentor`)."""
    board = office.get(board_url(programme))

    assert "Grace Okafor" not in board_rows(board)


def test_the_optimal_assignment_does_not_give_a_completed_board_member_a_new_mentor(
    office, programme, grace_completed, tom, grace
):
    office.post(board_url(programme, "optimal"))

    assert not Match.objects.proposed().filter(board_member=grace).exists()


def test_a_board_member_whose_pair_ended_to_rematch_is_back_on_the_board(
    office, programme, priya, tom, grace
):
    """A pair ended to rematch puts her back, her old mentor blocked with when and how it
    ended."""
    MatchFactory(
        mentor=priya, board_member=grace, status=MatchStatus.ENDED, end_reason=EndReason.REMATCHED
    )

    board = office.get(board_url(programme))

    assert candidate_names(board, grace) == ["Tom Tran"]
    assert (
        "they were paired in this programme already" in blocked_reasons(board, grace)["Priya Patel"]
    )
    assert "rematched" in blocked_reasons(board, grace)["Priya Patel"]


def test_a_board_member_whose_pairing_completed_is_not_promised_a_match(client, cast):
    """Neither her profile nor the start page speak of a mentor to come."""
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED, ended_at=timezone.now()
    )
    client.force_login(cast.board_member)

    page = words(client.get(reverse("profile")).content.decode())

    assert "Your pairing in 2026/27 pilot has run its course, so no new mentor is coming" in page
    assert "so that the programme office can match you with a mentor" not in page
    client.force_login(cast.superuser)
    start = client.get(reverse("admin:index"))
    counts = {item.label: item.count for item in start.context["start_items"]}
    assert counts["Board members waiting for a mentor"] == 0
