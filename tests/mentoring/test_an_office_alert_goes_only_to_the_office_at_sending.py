"""An email for the programme office, waiting in the outbox (the mail server away) when a
coordinator leaves the office, does not go to them: which pair is overdue, which mentor
withdrew, that a member raised a concern, are no longer theirs to read. The coordinators
still in the office are sent theirs, and the outbox says why the other was not sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxStatus
from accounts.services import coordinator_revoke, coordinator_revoke_many
from mentoring.models import PairRequestKind
from mentoring.services.applications import application_withdraw
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import outbox_outcome
from tests.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db

LEFT = "The person is no longer in the programme office."


def to(mailoutbox, address: str) -> list[str]:
    return [mail.subject for mail in mailoutbox if mail.to == [address]]


def test_an_overdue_alert_waiting_when_a_coordinator_leaves_goes_only_to_the_office(
    cast, dispatch, deliver, mailoutbox
):
    cast.pair.activated_at = timezone.now() - timedelta(days=120)
    cast.pair.save(update_fields=["activated_at"])
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=9))
    dispatch(send=False)  # the mail server away: written, waiting

    coordinator_revoke(user=cast.coordinator)  # Carmen leaves the programme office
    deliver()

    assert to(mailoutbox, "carmen@example.org") == []
    assert to(mailoutbox, "sue@example.org") == [
        "Overdue: Maya Mentor and Bola Board have no meeting booked"
    ]
    assert outbox_outcome("reminder: window_passed") == {
        "carmen@example.org": (OutboxStatus.CANCELLED, LEFT),
        "sue@example.org": (OutboxStatus.SENT, ""),
    }


def test_a_concern_waiting_when_a_coordinator_leaves_goes_only_to_the_office(
    cast, deliver, mailoutbox
):
    # Written, not sent (no commit hook runs): the mail server away.
    pair_request_raise(
        match=cast.pair, person=cast.mentor, kind=PairRequestKind.CONCERN, note="A worry."
    )

    coordinator_revoke_many(users=[cast.coordinator], by=cast.superuser)
    deliver()

    assert to(mailoutbox, "carmen@example.org") == []
    assert len(to(mailoutbox, "sue@example.org")) == 1
    assert outbox_outcome("mentoring/email/pair_request")["carmen@example.org"] == (
        OutboxStatus.CANCELLED,
        LEFT,
    )


def test_a_mentors_withdrawal_waiting_when_a_coordinator_leaves_goes_only_to_the_office(
    cast, deliver, mailoutbox
):
    assert application_withdraw(application=cast.mentor.mentor_applications.get())

    coordinator_revoke(user=cast.coordinator)
    deliver()

    assert to(mailoutbox, "carmen@example.org") == []
    assert len(to(mailoutbox, "sue@example.org")) == 1
    assert outbox_outcome("mentoring/email/mentor_withdrew")["carmen@example.org"] == (
        OutboxStatus.CANCELLED,
        LEFT,
    )


def test_an_email_to_a_coordinator_still_in_the_office_goes(cast, deliver, mailoutbox):
    pair_request_raise(match=cast.pair, person=cast.board_member, kind=PairRequestKind.END, note="")

    deliver()

    assert len(to(mailoutbox, "carmen@example.org")) == 1
    assert len(to(mailoutbox, "sue@example.org")) == 1
