"""Deleting an account while something of the person's is being written, on PostgreSQL: what
the deletion removed never comes back. A meeting log, a shared purpose or a board member's
profile sent from a page read before the deletion is refused (the pairing has ended, the
account is gone); logging a meeting while its proposer's account is deleted waits, instead
of deadlocking; an email being sent keeps the deleted person's name out of its subject."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import outbox
from accounts.models import OutboxMessage, OutboxStatus
from accounts.services import account_delete
from mentoring.models import BoardMember, Meeting, MeetingNote
from mentoring.services import meetings as meetings_services
from mentoring.services.meetings import MeetingError, NewAction
from mentoring.services.mentees import BoardMemberError, board_member_profile_save
from mentoring.services.pairs import PairError, pair_purpose_save
from tests.concurrency import needs_postgresql, run_now, started
from tests.factories import (
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    MatchFactory,
    MeetingFactory,
    UserFactory,
    agree_ground_rules,
)
from tests.meetings import meeting_logged

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

PAUSE = 1.0  # long enough for the deletion to reach its locks


@pytest.fixture
def held():
    """A pair's meeting two hours ago, to be logged; the office has a coordinator to tell."""
    CoordinatorFactory(email="office@example.org")
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=2))
    agree_ground_rules(meeting.match)
    return meeting


def test_a_log_sent_from_a_page_read_before_the_deletion_is_refused(held):
    mentor = held.match.mentor.applicant
    page = Meeting.objects.select_related("match").get(pk=held.pk)  # the log form's read
    account_delete(user=mentor, by=mentor)

    with pytest.raises(MeetingError, match="This pairing has ended; its record is read-only"):
        meeting_logged(page, mentor, note="Private reflections")

    assert not MeetingNote.objects.filter(author=mentor).exists()


def test_logging_a_meeting_while_its_proposers_account_is_deleted_waits_for_it(held, monkeypatch):
    mentor, member = held.match.mentor.applicant, held.match.board_member.user
    correct = meetings_services._correct
    other = {}

    def correct_while_deleting(*args):
        # The log holds the pair and the meeting; the mentor deletes their account meanwhile.
        other["thread"], other["outcome"] = started(lambda: account_delete(user=mentor, by=mentor))
        time.sleep(PAUSE)
        return correct(*args)

    monkeypatch.setattr(meetings_services, "_correct", correct_while_deleting)
    logged = meeting_logged(
        held, member, new_actions=[NewAction("Read the survey", "board_member")]
    )
    other["thread"].join(30)

    assert "error" not in other["outcome"], other["outcome"]  # no deadlock
    assert logged.is_logged
    mentor.refresh_from_db()
    assert mentor.is_deleted


def test_a_shared_purpose_sent_after_the_partner_deleted_their_account_is_refused():
    CoordinatorFactory(email="office@example.org")
    pair = MatchFactory(status="active")
    member, mentor = pair.board_member.user, pair.mentor.applicant
    page = type(pair).objects.get(pk=pair.pk)  # the purpose form's read
    account_delete(user=member, by=member)

    with pytest.raises(PairError, match="This pairing has ended"):
        pair_purpose_save(match=page, person=mentor, purpose="Our shared purpose")

    pair.refresh_from_db()
    assert pair.purpose == ""


def test_a_profile_sent_after_its_account_was_deleted_does_not_bring_it_back():
    CoordinatorFactory(email="office@example.org")
    member = BriefedBoardMemberFactory(user__full_name="Grace Okafor")
    page = BoardMember.objects.get(pk=member.pk)  # the profile form's read
    account_delete(user=member.user, by=member.user)

    with pytest.raises(BoardMemberError, match="This account has been deleted"):
        board_member_profile_save(member=page, answers={"bio": "Grace's own words"}, themes=[])

    kept = BoardMember.objects.get(pk=member.pk)
    assert (kept.bio, kept.email) != ("Grace's own words", member.email)
    assert kept.bio == ""
    assert kept.email != member.email


def test_an_email_sent_while_the_person_it_names_is_deleted_keeps_the_name_out(monkeypatch):
    CoordinatorFactory(email="office@example.org")
    priya, grace = UserFactory(full_name="Priya Patel"), UserFactory(full_name="Grace Okafor")
    message = OutboxMessage.objects.create(
        kind="mentoring/email/meeting_update",
        to=grace.email,
        recipient=grace,
        subject="Priya Patel proposed a meeting",
        text="…",
    )
    deliver = outbox._deliver

    def deliver_while_deleting(message, composed):
        run_now(lambda: account_delete(user=priya, by=priya))
        deliver(message, composed)

    monkeypatch.setattr(outbox, "_deliver", deliver_while_deleting)

    assert outbox.send_one(message.pk) == OutboxStatus.SENT
    message.refresh_from_db()
    assert "Priya Patel" not in message.subject
