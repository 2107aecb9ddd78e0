"""Dropping a meeting takes the pair's lock first, as moving one and ending a pair do: a pair
the office ended while the page was open emails nobody about its meetings, and the drop is
refused, saying why."""

import pytest
from django.utils import timezone

from mentoring.models import Match, MatchStatus, MeetingStatus
from mentoring.services.meetings import ENDED_MEANWHILE, MeetingError, meeting_cancel

pytestmark = pytest.mark.django_db


def test_dropping_a_past_proposal_of_a_pair_ended_meanwhile_is_refused(
    cast, past_proposal, mailoutbox, django_capture_on_commit_callbacks
):
    """Ending a pair calls off its meetings still to come; a proposal whose time has passed
    stays. Maya opened it to drop it; the office ended the pairing before she pressed."""
    seen = past_proposal  # as her page read it: the pair still active
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED, ended_at=timezone.now(), end_reason="completed"
    )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(MeetingError) as refused:
        meeting_cancel(meeting=seen, by=cast.mentor, reason="It did not happen")

    assert str(refused.value) == ENDED_MEANWHILE
    past_proposal.refresh_from_db()
    assert past_proposal.status == MeetingStatus.PROPOSED
    assert mailoutbox == []
