"""An email counts as tried at an address only once the mail server has been given it.
Bola's meeting update was tried at her old address while the server was away; she has moved
to a new one since. If its next attempt fails before the server is told whom it is for (a
subject with a line break cannot be written; the server refuses the connection, or the
sender), the row still says the old address, which its earlier failure was about, and the
failure is kept on the row: tried again later, or failed for good and shown to the office.
One handed over and lost on the way counts as tried at the new address."""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from accounts.models import OutboxMessage, OutboxStatus
from tests.accounts.test_an_email_goes_to_the_address_its_person_has_now import (
    maya_cancels_their_meeting,
)
from tests.mail_outage import swept_at_its_next_attempt
from tests.servers import free_port

pytestmark = pytest.mark.django_db

OLD, NEW = "bola@example.org", "bola.board@example.org"


@pytest.fixture
def tried_at_the_old_address(cast, mail_outage, django_capture_on_commit_callbacks):
    """Maya cancelled the pair's meeting while the mail server was away: Bola's email was
    tried at bola@example.org and waits to be tried again. She has changed her address
    since, and the server is back."""
    waiting = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    assert (waiting.status, waiting.to, mail_outage.attempts) == (
        OutboxStatus.PENDING,
        OLD,
        [[OLD]],
    )
    cast.board_member.email = NEW
    cast.board_member.save()
    mail_outage.ongoing = False
    return waiting


@pytest.fixture
def a_subject_it_cannot_write(tried_at_the_old_address) -> str:
    """A line break in the subject would start a header of its own: it is not written."""
    OutboxMessage.objects.filter(pk=tried_at_the_old_address.pk).update(
        subject="Meeting update\nBcc: someone@example.net"
    )
    return "BadHeaderError"


@pytest.fixture
def a_mail_server_refusing_connections(settings) -> str:
    """Sending by SMTP to a local port nothing listens on: the connection is refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return "ConnectionRefusedError"


@pytest.fixture
def a_mail_server_refusing_the_sender(monkeypatch) -> str:
    """The server turns the programme's sending address away before it is told whom the
    email is for (a setting of ours to mend, not the message's)."""

    def sender_refused(self, messages):
        raise smtplib.SMTPSenderRefused(553, b"Sender address rejected", "office@example.org")

    monkeypatch.setattr(EmailBackend, "send_messages", sender_refused)
    return "SMTPSenderRefused"


NEVER_RECEIVED = [
    "a_subject_it_cannot_write",
    "a_mail_server_refusing_connections",
    "a_mail_server_refusing_the_sender",
]


@pytest.mark.parametrize("why", NEVER_RECEIVED)
def test_an_email_the_mail_server_never_received_waits_at_the_address_it_was_last_tried_at(
    request,
    tried_at_the_old_address,
    mail_outage,
    mailoutbox,
    django_capture_on_commit_callbacks,
    why,
):
    failure = request.getfixturevalue(why)
    waiting = tried_at_the_old_address
    waiting.refresh_from_db()

    swept_at_its_next_attempt(waiting, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert mail_outage.attempts == [[OLD]]  # nothing handed over at the new address
    retried = OutboxMessage.objects.get(pk=waiting.pk)
    assert (retried.status, retried.to, retried.attempts) == (OutboxStatus.PENDING, OLD, 2)
    assert retried.last_error.startswith(f"{failure}: ")
    assert retried.next_attempt_at > waiting.next_attempt_at


@pytest.mark.parametrize("why", NEVER_RECEIVED)
def test_at_its_last_attempt_it_fails_for_good_at_the_address_it_was_last_tried_at(
    request, settings, tried_at_the_old_address, django_capture_on_commit_callbacks, why
):
    failure = request.getfixturevalue(why)
    settings.OUTBOX_MAX_ATTEMPTS = 2
    waiting = tried_at_the_old_address
    waiting.refresh_from_db()

    swept_at_its_next_attempt(waiting, django_capture_on_commit_callbacks)

    failed = OutboxMessage.objects.get(pk=waiting.pk)
    assert (failed.status, failed.to) == (OutboxStatus.FAILED, OLD)
    assert failed.last_error.startswith(f"{failure}: ")


def test_an_email_handed_to_the_mail_server_and_lost_counts_as_tried_at_the_new_address(
    tried_at_the_old_address, mail_outage, django_capture_on_commit_callbacks
):
    """The server takes the connection and drops it while the email is handed over."""
    mail_outage.ongoing = True
    waiting = tried_at_the_old_address
    waiting.refresh_from_db()

    swept_at_its_next_attempt(waiting, django_capture_on_commit_callbacks)

    assert mail_outage.attempts == [[OLD], [NEW]]
    retried = OutboxMessage.objects.get(pk=waiting.pk)
    assert (retried.status, retried.to) == (OutboxStatus.PENDING, NEW)
    assert retried.last_error.startswith("SMTPServerDisconnected: ")
