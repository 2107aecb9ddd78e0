"""What a member is told of a meeting, and still waits to go (the mail server away), is
called off by a later change to that meeting, or by the end of the pair: after an outage the
older email, having backed off longer, went last, and the last word a person read of the
meeting was out of date ("Meeting booked" after "it is off"). Emails about other meetings
wait on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import EndReason, MeetingStatus
from mentoring.services.matches import match_end
from mentoring.services.meetings import When, meeting_accept, meeting_cancel, meeting_propose
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def to_bola(mailoutbox) -> list[str]:
    return [mail.subject for mail in mailoutbox if mail.to == ["bola@example.org"]]


def test_a_meeting_accepted_then_cancelled_during_an_outage_reaches_its_proposer_as_off(
    cast, mail_outage, time_machine, django_capture_on_commit_callbacks, mailoutbox
):
    """Bola proposed a meeting; Maya accepts it while the mail server is away, and cancels it
    40 minutes later. Back after an hour, the server was handed "is off" first, then (having
    backed off longer) "Meeting booked ... The calendar file attached adds it to your
    calendar": Bola's last word of a meeting that is off. Now "booked" is called off."""
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    meeting = MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.board_member,
        starts_at=start + timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_accept(meeting=meeting, by=cast.mentor)
    for minute in range(1, 140):
        time_machine.move_to(start + timedelta(minutes=minute), tick=False)
        if minute == 40:
            with django_capture_on_commit_callbacks(execute=True):
                meeting_cancel(meeting=meeting, by=cast.mentor, reason="")
        mail_outage.ongoing = minute < 65
        with django_capture_on_commit_callbacks(execute=True):
            outbox_sweep()

    assert to_bola(mailoutbox) == [
        f"Meeting on {timezone.localtime(meeting.starts_at):%-d %B} is off"
    ]
    booked = OutboxMessage.objects.get(subject__startswith="Meeting booked")
    assert (booked.status, booked.cancelled_reason) == (
        OutboxStatus.CANCELLED,
        "A later change to the meeting replaces it.",
    )


def proposed_by_maya(cast, days: int):
    """Maya proposes a meeting in `days` days; Bola's email about it waits (not sent)."""
    meeting = meeting_propose(
        match=cast.pair,
        by=cast.mentor,
        when=When(starts_at=timezone.now() + timedelta(days=days), minutes=60),
    )
    return meeting, OutboxMessage.objects.get(recipient=cast.board_member)


def test_a_proposal_still_waiting_to_be_told_is_called_off_when_the_pair_ends(cast):
    _meeting, waiting = proposed_by_maya(cast, days=10)

    match_end(match=cast.pair, reason=EndReason.COMPLETED, by=cast.coordinator)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.cancelled_reason) == (
        OutboxStatus.CANCELLED,
        "The pair ended.",
    )


def test_only_what_was_said_of_that_meeting_is_called_off(cast):
    """A change to one meeting leaves the emails about another meeting, and about the
    other pair's, waiting."""
    _first, about_first = proposed_by_maya(cast, days=10)
    second = meeting_propose(
        match=cast.pair,
        by=cast.mentor,
        when=When(starts_at=timezone.now() + timedelta(days=20), minutes=60),
    )
    about_second = OutboxMessage.objects.exclude(pk=about_first.pk).get(recipient=cast.board_member)
    meeting_propose(
        match=cast.other_pair,
        by=cast.other_mentor,
        when=When(starts_at=timezone.now() + timedelta(days=10), minutes=60),
    )

    meeting_cancel(meeting=second, by=cast.mentor, reason="")

    about_first.refresh_from_db()
    about_second.refresh_from_db()
    assert about_first.status == OutboxStatus.PENDING
    assert about_second.status == OutboxStatus.CANCELLED
    assert OutboxMessage.objects.filter(
        recipient=cast.other_board_member, status=OutboxStatus.PENDING
    ).exists()
