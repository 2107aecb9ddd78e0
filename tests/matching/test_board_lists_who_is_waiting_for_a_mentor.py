"""The match board's "Still to be matched" lists exactly the board members waiting for a mentor
(the rule the start page counts): joined, account open, profile complete, in no active pair
and in none ended as completed.
Someone with an open proposal is still listed; a profile still being completed is listed apart."""

import pytest
from django.utils import timezone

from accounts.models import User
from mentoring.models import BoardMember, EndReason, MatchStatus
from tests.factories import BoardMemberFactory, MatchFactory
from tests.matching.board import board_rows, board_url, briefed_board_member, propose

pytestmark = pytest.mark.django_db


def test_the_board_lists_every_board_member_waiting_for_a_mentor_and_nobody_else(
    office, programme, priya, tom, grace, harold
):
    proposed = briefed_board_member(programme, "Pat Proposed")
    propose(office, programme, priya, proposed)
    paired = briefed_board_member(programme, "Ann Active")
    MatchFactory(mentor=tom, board_member=paired, status=MatchStatus.ACTIVE)
    ended = briefed_board_member(programme, "Eve Ended")
    MatchFactory(
        mentor=tom, board_member=ended, status=MatchStatus.ENDED, end_reason=EndReason.REMATCHED
    )
    completed = briefed_board_member(programme, "Cora Completed")
    MatchFactory(
        mentor=tom, board_member=completed, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED
    )
    closed = briefed_board_member(programme, "Carl Closed")
    User.objects.filter(pk=closed.user_id).update(is_active=False, deactivated_at=timezone.now())
    briefed_board_member(programme, "Ian Incomplete", profile_completed_at=None)
    BoardMemberFactory(programme=programme, user=None, email="invited@example.com")

    page = office.get(board_url(programme))

    content = page.content.decode()
    assert sorted(board_rows(page)) == [
        "Eve Ended",
        "Grace Okafor",
        "Harold Hughes",
        "Pat Proposed",
    ]
    assert "Still to be matched (4)" in content
    assert "Waiting for a complete profile (1)" in content
    assert BoardMember.objects.filter(programme=programme).waiting_for_a_mentor().count() == 4
