"""An email's body may hold a single-use link and names people: once it is delivered or
called off it is not kept (accounts.outbox.NO_BODY), as a called-off email is never sent
again. Only its kind, address, subject and why it was called off stay, for the office."""

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_cancel, outbox_write, send_one

pytestmark = pytest.mark.django_db


def written(cast, to=None) -> OutboxMessage:
    return outbox_write(
        kind="x",
        to=to or cast.board_member.email,
        subject="Maya Mentor proposed a meeting",
        text="Maya Mentor proposed a meeting: https://example.org/link/secret",
        html="<p>Maya Mentor proposed a meeting</p>",
    )


def bodies(message: OutboxMessage) -> tuple[str, str, str]:
    message.refresh_from_db()
    return message.text, message.html, message.attachments


def test_an_email_the_app_calls_off_keeps_no_body(cast):
    message = written(cast)

    assert outbox_cancel(OutboxMessage.objects.filter(pk=message.pk), reason="Not needed") == 1

    assert message.status == OutboxStatus.PENDING  # as read before
    assert bodies(message) == ("", "", "")
    assert (message.status, message.subject) == (
        OutboxStatus.CANCELLED,
        "Maya Mentor proposed a meeting",
    )


def test_an_email_to_a_closed_account_called_off_when_sending_keeps_no_body(cast):
    message = written(cast)
    OutboxMessage.objects.filter(pk=message.pk).update(
        recipient=cast.board_member, next_attempt_at=timezone.now()
    )
    type(cast.board_member).objects.filter(pk=cast.board_member.pk).update(
        is_active=False, deactivated_at=timezone.now()
    )

    assert send_one(message.pk) == OutboxStatus.CANCELLED

    assert bodies(message) == ("", "", "")
