"""No email goes round for ever or goes where it no longer should: one that stops its worker
at every attempt is failed and shown to the office once its attempts are used; one to a
deleted account's reserved address is called off, even when "sent again"."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep, send_one
from tests.factories import an_email

pytestmark = pytest.mark.django_db


class WorkerStopped(BaseException):
    """What a worker killed mid-send (out of memory, a deploy) looks like to the row."""


def test_a_message_that_stops_its_worker_every_time_is_failed_and_shown_at_last(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    """However the attempt ends, the office is told after the last one: a message that
    kills its worker each time must not go round the sweep for ever, shown as "pending"."""
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=False):
        message = an_email()

    def killed(self, *args, **kwargs):
        raise WorkerStopped()

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", killed)
    monkeypatch.setattr("accounts.outbox.enqueue", lambda ids: None)

    moment = timezone.now()
    for _ in range(settings.OUTBOX_MAX_ATTEMPTS + 2):
        with time_machine.travel(moment, tick=False), pytest.raises(WorkerStopped):
            send_one(message.pk)
        moment += timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS + 1)
        with time_machine.travel(moment, tick=False):
            outbox_sweep()
        message.refresh_from_db()
        if message.status != OutboxStatus.PENDING:
            break

    assert message.attempts <= settings.OUTBOX_MAX_ATTEMPTS
    assert message.status == OutboxStatus.FAILED
    assert message.last_error


def test_send_again_on_a_failed_email_to_a_deleted_account_sends_nothing(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """An email to a person's address that failed (a line manager's request, an invitation:
    not tied to their account) keeps its row when they delete their account, emptied and
    readdressed to the reserved deleted-N@deleted.invalid. "Send again" must not hand the
    mail server an empty email to that address."""
    from accounts.outbox import outbox_send_again
    from accounts.services import account_delete
    from tests.factories import UserFactory

    person = UserFactory(email="maya@example.org", full_name="Maya Patel")
    with django_capture_on_commit_callbacks(execute=False):
        message = an_email(to="maya@example.org")  # no recipient: addressed only
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=20, last_error="SMTPServerDisconnected"
    )
    account_delete(user=person, by=person)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outbox_send_again(OutboxMessage.objects.filter(pk=message.pk), by=coordinator)

    assert [m.to for m in mailoutbox] == []
