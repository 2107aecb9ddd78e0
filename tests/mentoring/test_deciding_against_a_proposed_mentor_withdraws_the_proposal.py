"""Declining or wait-listing a mentor proposed on the match board withdraws the proposal: it
could never be confirmed, and would hold its board member back."""

import pytest
from django.urls import reverse

from mentoring.models import (
    ApplicationStatus,
    Match,
    MatchStatus,
)
from tests.admin_pages import (
    choose_and_confirm,
    signed_in_for_real,
)
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    application_from,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")
office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code
DECISION_ACTION = {
    ApplicationStatus.ACCEPTED: "accept",
    ApplicationStatus.WAITLISTED: "waitlist",
    ApplicationStatus.DECLINED: "decline",
}


@pytest.mark.parametrize("status", [ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED])
def test_deciding_against_a_proposed_mentor_withdraws_their_proposal(office, cast, status):
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.ACCEPTED)
    newcomer = BriefedBoardMemberFactory(programme=cast.programme)
    proposal = MatchFactory(mentor=priya, board_member=newcomer, status=MatchStatus.PROPOSED)

    choose_and_confirm(office, CHANGELIST, DECISION_ACTION[status], priya)

    priya.refresh_from_db()
    assert priya.status == status
    # As when the mentor withdraws: the board never shows a stale proposal, and the board
    # member is free to be proposed with someone else (one proposal at a time).
    assert not Match.objects.filter(pk=proposal.pk, status=MatchStatus.PROPOSED).exists()
