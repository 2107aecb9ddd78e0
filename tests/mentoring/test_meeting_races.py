"""Two people acting on the same meeting at the same moment: one wins, the other is told.
These need real concurrent transactions, so they run on PostgreSQL (as CI does)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import ActionReview, Meeting
from mentoring.services.meetings import (
    MeetingError,
    Review,
    When,
    meeting_accept,
    meeting_propose,
    meeting_reschedule,
)
from tests.concurrency import at_once, needs_postgresql
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.meetings import meeting_logged

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgresql,
]

ATTEMPTS = 5


def _at_once(*jobs):
    return at_once(*jobs, expected=MeetingError)


def _fresh(meeting):
    """The meeting as a page would have loaded it, before either person acted."""
    return Meeting.objects.select_related(
        "match__programme", "match__mentor__applicant", "match__board_member__user"
    ).get(pk=meeting.pk)


def test_two_acceptances_of_the_same_proposal_at_once_book_it_once(cast):
    for _attempt in range(ATTEMPTS):
        proposal = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)
        # Bola accepts in two tabs at once; each has loaded the proposal.
        loaded = [_fresh(proposal), _fresh(proposal)]

        outcomes = _at_once(
            *(lambda m=m: meeting_accept(meeting=m, by=cast.board_member) for m in loaded)
        )

        won = [o for o in outcomes if isinstance(o, Meeting)]
        lost = [o for o in outcomes if isinstance(o, MeetingError)]
        assert len(won) == 1, outcomes
        assert len(lost) == 1, outcomes
        assert "changed while you were looking at it" in str(lost[0])
        proposal.refresh_from_db()
        assert proposal.status == "confirmed"
        assert proposal.confirmed_at is not None


def test_two_logs_reviewing_the_same_action_step_at_once_keep_one_review(cast):
    agree_ground_rules(cast.pair)
    for attempt in range(ATTEMPTS):
        earlier = HeldMeetingFactory(
            match=cast.pair, starts_at=timezone.now() - timedelta(days=60 - attempt)
        )
        action = ActionStepFactory(meeting=earlier, text="Read the survey")
        now = MeetingFactory(
            match=cast.pair, starts_at=timezone.now() - timedelta(hours=attempt + 1)
        )

        def log(person, status, note, meeting=now, action=action):
            return meeting_logged(
                _fresh(meeting), person, note=note, reviews=[Review(action.pk, status, note)]
            )

        outcomes = _at_once(
            lambda: log(cast.mentor, "done", "Maya: done"),
            lambda: log(cast.board_member, "in_progress", "Bola: half way"),
        )

        lost = [o for o in outcomes if isinstance(o, MeetingError)]
        assert len(lost) == 1, outcomes
        assert "already" in str(lost[0])
        [review] = ActionReview.objects.filter(action=action, meeting=now)
        action.refresh_from_db()
        assert action.status == review.status
        # The loser's log was not half-saved: only the winner's note is there.
        assert [n.author_id for n in now.notes.all()] == [review.reviewed_by_id]


def test_two_proposals_of_the_same_time_at_once_propose_one_meeting(cast):
    for attempt in range(ATTEMPTS):
        when = When(timezone.now() + timedelta(days=10 + attempt), 60, "Room 2.14")
        emails = OutboxMessage.objects.filter(to="bola@example.org").count()

        # Maya presses "Propose this meeting" twice; both requests arrive together.
        outcomes = _at_once(
            *(
                lambda when=when: meeting_propose(match=cast.pair, by=cast.mentor, when=when)
                for _ in "ab"
            )
        )

        won = [o for o in outcomes if isinstance(o, Meeting)]
        lost = [o for o in outcomes if isinstance(o, MeetingError)]
        assert len(won) == 1, outcomes
        assert len(lost) == 1, outcomes
        assert "already has a meeting proposed at this time" in str(lost[0])
        assert Meeting.objects.filter(match=cast.pair, starts_at=when.starts_at).count() == 1
        assert OutboxMessage.objects.filter(to="bola@example.org").count() == emails + 1


def test_proposing_a_time_while_the_partner_moves_a_meeting_onto_it_leaves_one_meeting(cast):
    for attempt in range(ATTEMPTS):
        when = When(timezone.now() + timedelta(days=10 + attempt), 60, "Room 2.14")
        booked = MeetingFactory(
            match=cast.pair, starts_at=timezone.now() + timedelta(days=40 + attempt)
        )
        moving = _fresh(booked)
        emails = OutboxMessage.objects.count()

        # Maya proposes a time just as Bola moves their booked meeting onto it.
        outcomes = _at_once(
            lambda when=when: meeting_propose(match=cast.pair, by=cast.mentor, when=when),
            lambda when=when, moving=moving: meeting_reschedule(
                meeting=moving, by=cast.board_member, when=when, reason="A board away day"
            ),
        )

        won = [o for o in outcomes if isinstance(o, Meeting)]
        lost = [o for o in outcomes if isinstance(o, MeetingError)]
        assert len(won) == 1, outcomes
        assert len(lost) == 1, outcomes
        # Whichever came second finds the first's proposal there, and changes nothing.
        assert "already has a meeting proposed at this time" in str(lost[0])
        [there] = Meeting.objects.filter(match=cast.pair, starts_at=when.starts_at)
        assert there.pk == won[0].pk
        moved = there.pk == booked.pk
        assert Meeting.objects.get(pk=booked.pk).starts_at == (
            when.starts_at if moved else booked.starts_at
        )
        # One email: to whoever did not act first.
        assert OutboxMessage.objects.count() == emails + 1
