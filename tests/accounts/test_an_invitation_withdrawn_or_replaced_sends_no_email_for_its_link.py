"""An invitation withdrawn, or replaced by a new link, while its email waits (or after it
failed) sends nothing for the dead link: no email for it, nor a second beside the new one,
nor one "sent again"."""

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import send_one

pytestmark = pytest.mark.django_db


def test_an_invitation_withdrawn_while_its_email_waits_is_not_sent(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """The office withdraws an invitation (sent to the wrong address, say) while the mail
    server is away: the email must not go out later with the programme's name and a dead
    link."""
    from accounts.services import invitation_create, invitation_revoke

    with django_capture_on_commit_callbacks(execute=False):
        invitation = invitation_create(
            email="wrong.person@example.com",
            invited_by=coordinator,
            invited_to="2026/27 pilot, as a board member",
        )
    message = OutboxMessage.objects.get(kind="accounts/email/invitation")
    invitation_revoke(invitation=invitation, by=coordinator)

    send_one(message.pk)

    assert mailoutbox == []
    message.refresh_from_db()
    assert message.status == OutboxStatus.CANCELLED


def test_a_replaced_invitation_whose_email_waits_is_not_sent_beside_the_new_one(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """Sent again while the first email still waits: the person gets one invitation, whose
    link works, not also one whose link says "replaced or withdrawn"."""
    from accounts.services import invitation_create, invitation_resend

    with django_capture_on_commit_callbacks(execute=False):
        invitation = invitation_create(email="provost@example.com", invited_by=coordinator)
        invitation_resend(invitation=invitation, invited_by=coordinator)
    first, second = OutboxMessage.objects.filter(kind="accounts/email/invitation").order_by("pk")

    send_one(first.pk)
    send_one(second.pk)

    assert len(mailoutbox) == 1
    first.refresh_from_db()
    assert first.status == OutboxStatus.CANCELLED


def test_a_failed_invitation_email_is_not_offered_again_once_the_invitation_is_withdrawn(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """ "Send again" on the failed email of an invitation withdrawn since would send a link
    that no longer works: once withdrawn, its email is called off."""
    from accounts.outbox import outbox_send_again
    from accounts.services import invitation_create, invitation_revoke

    with django_capture_on_commit_callbacks(execute=False):
        invitation = invitation_create(email="provost@example.com", invited_by=coordinator)
    OutboxMessage.objects.update(
        status=OutboxStatus.FAILED, attempts=20, last_error="SMTPServerDisconnected"
    )
    invitation_revoke(invitation=invitation, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        outbox_send_again(OutboxMessage.objects.all(), by=coordinator)

    assert mailoutbox == []
