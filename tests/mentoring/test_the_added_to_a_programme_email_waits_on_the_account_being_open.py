""" "You have been added to a programme" is not sent to an account closed while it waited."""

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep

pytestmark = pytest.mark.django_db


def test_the_added_to_a_programme_email_is_not_sent_to_an_account_closed_meanwhile(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """Olu has an account and is added as a board member: "you have been added" waits in the
    outbox (the mail server is away). A superuser closes Olu's account (Active unticked).
    Every other email to a closed account is called off ("The person's account has been
    closed."); this one goes, since it was written without its recipient."""
    from mentoring.services.mentees import board_member_invite

    with django_capture_on_commit_callbacks(execute=False):
        board_member_invite(
            programme=cast.programme, email=cast.outsider.email, invited_by=cast.coordinator
        )
    cast.outsider.is_active = False
    cast.outsider.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert [m.to for m in mailoutbox] == []
    message = OutboxMessage.objects.get(to=cast.outsider.email)
    assert message.status == OutboxStatus.CANCELLED
