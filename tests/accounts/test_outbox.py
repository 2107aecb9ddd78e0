"""Every email goes through the outbox: written with the change that causes it, sent once,
retried with back-off, never lost when the broker or the mail server is away."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_send, outbox_sweep, retry_delay, send_one
from accounts.services import invitation_create
from config.celery import app
from mentoring.models import Registration
from tests.factories import EventFactory, MentorApplicationFactory, an_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """Celery as in production (not eager), with a broker that cannot be reached."""

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(outbox_send, "delay", unreachable)
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_an_email_is_written_with_the_change_and_sent_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = an_email()
        assert mailoutbox == []  # Not before the change is saved.

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [mail] = mailoutbox
    assert mail.to == ["provost@example.org"]
    assert mail.extra_headers["Message-ID"].startswith(f"<outbox-{message.pk}@")


def test_a_change_rolled_back_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    def a_change_that_fails():
        with transaction.atomic():
            an_email()
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        a_change_that_fails()

    assert OutboxMessage.objects.count() == 0
    assert mailoutbox == []


def test_once_sent_the_body_is_not_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="provost@example.org", invited_by=None)

    message = OutboxMessage.objects.get()
    assert message.subject == "You are invited to the reverse mentoring programme"
    assert (message.text, message.html, message.attachments) == ("", "", "")


def test_a_row_handed_over_twice_is_sent_once(mailoutbox):
    message = an_email()

    assert send_one(message.pk) == OutboxStatus.SENT
    assert send_one(message.pk) == "skipped"
    assert len(mailoutbox) == 1


def test_a_mail_server_failure_is_retried_later_with_back_off(mail_outage, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    message = an_email()

    assert send_one(message.pk) == OutboxStatus.PENDING

    message.refresh_from_db()
    assert message.attempts == 1
    assert "Connection unexpectedly closed" in message.last_error
    wait = (message.next_attempt_at - timezone.now()).total_seconds()
    assert 55 < wait <= 60
    # Not due yet: the sweep leaves it alone.
    outbox_sweep()
    assert len(mail_outage.attempts) == 1


def test_the_waits_double_up_to_a_ceiling(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600

    assert [retry_delay(n) for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_message_comes_through_once_the_mail_server_is_back(mail_outage, mailoutbox):
    message = an_email()
    send_one(message.pk)
    send_one(message.pk)  # Not due yet: skipped, and not counted as an attempt.
    mail_outage.ongoing = False

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox_sweep() == 1

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert len(mailoutbox) == 1


def test_after_the_last_attempt_a_message_is_failed_and_shown(mail_outage, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = an_email()

    for _ in range(3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        send_one(message.pk)

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3
    assert "Connection unexpectedly closed" in message.last_error
    assert message.text  # Kept, so that the office can send it again.


def test_a_message_stuck_in_sending_is_sent_again_by_the_sweep(mailoutbox, settings):
    message = an_email()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING,
        attempts=1,
        sending_since=timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS + 1),
    )

    outbox_sweep()

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert len(mailoutbox) == 1


def test_a_message_still_sending_in_time_is_left_to_its_worker(mailoutbox):
    message = an_email()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, attempts=1, sending_since=timezone.now()
    )

    outbox_sweep()

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING
    assert mailoutbox == []


def test_a_late_worker_does_not_overwrite_a_message_the_sweep_took_back(mailoutbox, settings):
    from accounts.outbox import _finish

    message = an_email()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING,
        attempts=1,
        sending_since=timezone.now() - timedelta(hours=1),
    )
    slow_worker_copy = OutboxMessage.objects.get(pk=message.pk)
    outbox_sweep()  # Judged stuck and sent again.

    _finish(slow_worker_copy, status=OutboxStatus.FAILED, last_error="timed out")

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


def register_for_an_event(client, person, on_commit):
    """A page that saves a change and sends an email: registering for a briefing."""
    application = MentorApplicationFactory(applicant=person)
    event = EventFactory(programme=application.programme)
    client.force_login(person)
    with on_commit(execute=True):
        return client.post(reverse("event_register", args=[event.pk]), follow=True)


def test_with_the_broker_unreachable_the_page_still_saves_and_the_email_waits(
    client, staff_member, broker_down, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    response = register_for_an_event(client, staff_member, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert Registration.objects.filter(person=staff_member).exists()
    message = OutboxMessage.objects.get(to=staff_member.email)
    assert message.status == OutboxStatus.PENDING
    assert "wait in the outbox" in caplog.text
    assert mailoutbox == []


def test_with_the_mail_server_down_the_page_still_saves(
    client, staff_member, mail_outage, django_capture_on_commit_callbacks
):
    response = register_for_an_event(client, staff_member, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert Registration.objects.filter(person=staff_member).exists()
    assert mail_outage.attempts
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING


def test_the_embedded_runner_sends_what_waits_in_the_outbox(mailoutbox):
    an_email("a@example.org")
    an_email("b@example.org")

    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)

    assert "send-waiting-email: done" in out.getvalue()
    assert "send-reminders: done" in out.getvalue()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["a@example.org", "b@example.org"]


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (452, b"Mailbox full")}), False),
        (smtplib.SMTPDataError(554, b"Message rejected as spam"), True),
        (smtplib.SMTPDataError(451, b"Try again later"), False),
        # Our own settings, not the message: retried, so fixing them sends what waited.
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (smtplib.SMTPSenderRefused(550, b"Sender not allowed", "mentoring@localhost"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
    ],
)
def test_only_a_refusal_of_the_address_or_the_message_is_final(error, permanent):
    from accounts.outbox import is_permanent

    assert is_permanent(error) is permanent
