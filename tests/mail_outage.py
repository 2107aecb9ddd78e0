"""The mail server away for a while, as a test's stand-in (registered in tests/conftest.py).

`mail_outage` starts with the server away: every email handed to it fails as a dropped
connection does, so the outbox keeps it and tries again later. Set `mail_outage.ongoing =
False` and the server is back: emails go (to the test's `mailoutbox`) again. What the
server was handed while away is in `mail_outage.attempts`, one list of addresses each."""

import smtplib
from dataclasses import dataclass, field

import pytest
from django.core.mail.backends.locmem import EmailBackend


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
