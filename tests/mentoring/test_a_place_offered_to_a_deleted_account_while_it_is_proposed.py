"""A board place offered to someone's address, never taken, goes with their account: unless
the office proposes it a pair first. When the two happen at once, on PostgreSQL with two
real connections, one waits for the other: the place is either proposed and kept, or gone
and the proposal refused with a reason; never a database error on either side. Each
interleaving is forced, the other side starting while the first holds its locks."""

import time

import pytest

from accounts.services import account_delete
from mentoring import personal_data
from mentoring.models import BoardMember, Match
from mentoring.services import matches
from mentoring.services.matches import MatchError, match_propose
from tests.concurrency import needs_postgresql, started
from tests.factories import BoardMemberFactory, MentorFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

PAUSE = 1.0  # long enough for the other side to reach its locks


@pytest.fixture
def offered(cast):
    """A place in the cast's programme offered to the outsider's address, and a mentor
    waiting for a board member."""
    place = BoardMemberFactory(programme=cast.programme, user=None, email=cast.outsider.email)
    return place, MentorFactory(programme=cast.programme)


def test_a_place_proposed_before_the_deletion_looks_is_kept(cast, offered, monkeypatch):
    place, mentor = offered
    record = matches.audit_record
    other = {}

    def record_while_the_account_is_deleted(**kwargs):
        record(**kwargs)  # the proposal written, not yet committed
        other["thread"], other["outcome"] = started(
            lambda: account_delete(user=cast.outsider, by=cast.outsider)
        )
        time.sleep(PAUSE)

    monkeypatch.setattr(matches, "audit_record", record_while_the_account_is_deleted)
    proposal = match_propose(
        mentor=mentor, board_member=place, score=80, reasons=[], proposed_by=cast.coordinator
    )
    other["thread"].join(timeout=30)

    assert "error" not in other["outcome"], other["outcome"].get("error")
    # The deletion waited for the proposal, saw it, and left the place to it.
    assert Match.objects.filter(pk=proposal.pk, board_member=place).exists()
    place.refresh_from_db()
    assert place.email.endswith("@deleted.invalid")  # the address goes all the same


def test_a_place_gone_before_the_proposal_looks_is_refused_with_a_reason(
    cast, offered, monkeypatch
):
    place, mentor = offered
    withdraw = personal_data.proposals_withdraw
    other = {}

    def withdraw_while_the_place_is_proposed(**kwargs):
        withdraw(**kwargs)  # the deletion holds its locks, the place's among them
        other["thread"], other["outcome"] = started(
            lambda: match_propose(
                mentor=mentor,
                board_member=place,
                score=80,
                reasons=[],
                proposed_by=cast.coordinator,
            )
        )
        time.sleep(PAUSE)

    monkeypatch.setattr(personal_data, "proposals_withdraw", withdraw_while_the_place_is_proposed)
    account_delete(user=cast.outsider, by=cast.outsider)
    other["thread"].join(timeout=30)

    assert not BoardMember.objects.filter(pk=place.pk).exists()
    assert not Match.objects.filter(mentor=mentor).exists()
    error = other["outcome"].get("error")
    assert isinstance(error, MatchError), error
    assert "no longer offered" in str(error)
