"""The mail server away for a while, as a test's stand-in (registered in tests/conftest.py).

`mail_outage` starts with the server away: every email handed to it fails as a dropped
connection does, so the outbox keeps it and tries again later. Set `mail_outage.ongoing =
False` and the server is back: emails go (to the test's `mailoutbox`) again. What the
server was handed while away is in `mail_outage.attempts`, one list of addresses each.

`at_its_next_attempt(message)` is the clock just past when the outbox tries `message` again,
and `swept_at_its_next_attempt(message, on_commit)` runs the outbox's sweep then, its sends
made once it commits (`on_commit`: the test's `django_capture_on_commit_callbacks`)."""

import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend

from accounts.models import OutboxMessage
from accounts.outbox import outbox_sweep


@dataclass
class MailOutage:
    ongoing: bool = True
    attempts: list[list[str]] = field(default_factory=list)


@pytest.fixture
def mail_outage(monkeypatch) -> MailOutage:
    outage = MailOutage()
    send_messages = EmailBackend.send_messages

    def away_for_a_while(self, messages):
        if outage.ongoing:
            outage.attempts.extend(message.to for message in messages)
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send_messages(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", away_for_a_while)
    return outage


def at_its_next_attempt(message: OutboxMessage):
    """The clock a second past `message`'s next attempt (as last read from the database)."""
    return time_machine.travel(message.next_attempt_at + timedelta(seconds=1))


def swept_at_its_next_attempt(message: OutboxMessage, on_commit) -> None:
    """The outbox's sweep at `message`'s next attempt: what is due then is sent."""
    with at_its_next_attempt(message), on_commit(execute=True):
        outbox_sweep()
