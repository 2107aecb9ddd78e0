"""A pair is confirmed in code through `pair_activate` (or `proposals_accept`), which ask the
one rule for accepting (`proposals_review`: conflicts of interest, briefings, departments)
first: mentoring's services offer no one-pair shortcut that skips it. A pair the rule
refuses is left proposed, and nobody is emailed."""

import pytest

from matching.services import pair_activate
from mentoring.models import Match, MatchStatus
from mentoring.services.matches import MatchError
from tests.factories import MatchFactory
from tests.matching.blocked_pairs import conflict_of_interest

pytestmark = pytest.mark.django_db


def test_a_proposal_with_a_recorded_conflict_of_interest_is_refused_and_emails_nobody(
    priya, grace, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    conflict_of_interest(priya, grace)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(MatchError) as refused:
        pair_activate(match=proposal, by=coordinator)

    assert str(refused.value) == (
        "The pairing of Priya Patel and Grace Okafor was not confirmed and nobody was emailed: "
        "a conflict of interest is recorded between them."
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.activated_at) == (MatchStatus.PROPOSED, None)
    assert not Match.objects.active().exists()
    assert mailoutbox == []
