"""The board never offers a deleted or closed account, nor pairs anyone in a programme the
office has closed; proposing or accepting from a page loaded before, from the pairs list or
a forged form, is refused the same way (matching.services._pairs_assessed, the one check
behind proposing and accepting), and the board gives the same reason. A mentor who
withdraws their application takes their proposals with them, each in the audit trail."""

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, User
from accounts.services import account_delete
from matching.selectors import match_board
from matching.services import pair_propose, proposals_review
from mentoring.models import Match, MatchStatus, Programme
from mentoring.services.applications import application_withdraw
from tests.admin_pages import messages_shown
from tests.factories import closed_now
from tests.matching.board import accept, board_url, propose

pytestmark = pytest.mark.django_db


def active_pairs() -> list[Match]:
    return list(Match.objects.filter(status=MatchStatus.ACTIVE))


def test_a_deleted_mentor_is_not_proposed_from_a_board_loaded_before(
    office, programme, priya, grace
):
    account_delete(user=priya.applicant, by=priya.applicant)

    proposed = propose(office, programme, priya, grace)

    assert "the mentor's account has been closed" in " ".join(messages_shown(proposed))
    assert not Match.objects.exists()


def test_a_proposal_whose_mentor_was_closed_is_not_confirmed(office, programme, priya, grace):
    proposal = pair_propose(mentor=priya, board_member=grace, proposed_by=None)
    User.objects.filter(pk=priya.applicant_id).update(
        is_active=False, deactivated_at=timezone.now()
    )

    accept(office, programme, match=proposal, follow=True)

    assert active_pairs() == []
    assert Match.objects.get(pk=proposal.pk).status == MatchStatus.PROPOSED


def test_a_proposal_whose_board_member_was_closed_is_refused_for_the_reason_the_board_gives(
    programme, priya, grace
):
    proposal = pair_propose(mentor=priya, board_member=grace, proposed_by=None)
    User.objects.filter(pk=grace.user_id).update(is_active=False, deactivated_at=timezone.now())

    board = match_board(programme)
    review = proposals_review(matches=[proposal], reader=None)

    [shown] = board.open_proposals
    assert shown.blocks == ["the board member's account has been closed"]
    assert review.acceptable == []
    assert [why for _, why in review.refused] == ["the board member's account has been closed"]


def test_the_board_says_a_closed_mentors_account_not_an_application_not_accepted(
    programme, priya, grace
):
    pair_propose(mentor=priya, board_member=grace, proposed_by=None)
    User.objects.filter(pk=priya.applicant_id).update(
        is_active=False, deactivated_at=timezone.now()
    )

    [shown] = match_board(programme).open_proposals

    assert shown.blocks == ["the mentor's account has been closed"]


def test_an_ended_programme_is_not_matched(office, programme, priya, grace):
    proposal = pair_propose(mentor=priya, board_member=grace, proposed_by=None)
    Programme.objects.filter(pk=programme.pk).update(**closed_now())

    page = office.get(board_url(programme)).content.decode()
    optimal = office.post(board_url(programme, "optimal"), follow=True)
    accept(office, programme, match=proposal, follow=True)
    proposed = propose(office, programme, priya, grace)

    assert "has ended" in page
    assert "Propose an optimal assignment" not in page
    assert "has ended: nobody is paired in it any more" in " ".join(messages_shown(optimal))
    assert "the programme has ended" in " ".join(messages_shown(proposed))
    assert active_pairs() == []


def test_withdrawing_an_application_withdraws_its_proposals_in_the_trail(programme, priya, grace):
    proposal = pair_propose(mentor=priya, board_member=grace, proposed_by=None)

    assert application_withdraw(application=priya)

    assert not Match.objects.filter(pk=proposal.pk).exists()
    withdrawn = AuditEvent.objects.filter(action=AuditAction.PAIR_WITHDRAWN, object_id=proposal.pk)
    assert withdrawn.count() == 1
