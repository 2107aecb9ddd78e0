"""Whom an email is to, as the office's lists show it (the outbox, the reminder log, their
pages' titles). Some kinds of email are listed without their recipient, and are not found
by address or name: whom they go to tells something that is the person's alone (a survey's
reminders go to those who have not answered it). Apps name such kinds here; each maps to
what the lists say in the address's place."""

import re
from email.utils import parseaddr

RECIPIENT_HIDDEN: dict[str, str] = {}


def hide_recipients_of(kind: str, *, why: str) -> None:
    RECIPIENT_HIDDEN[kind] = why


def shown_recipient(kind: str, address: str) -> str:
    """The address, as the office's lists show it for an email (or reminder) of `kind`."""
    return RECIPIENT_HIDDEN.get(kind, address)


def shown_failure(kind: str, address: str, failure: str) -> str:
    """Why an email (or reminder) of `kind` to `address` was not sent, as the office's lists
    show it: for a kind whose recipient is hidden, with the address taken out, since a mail
    server's refusal names it ("550 <maya@example.org>: no such user")."""
    if kind not in RECIPIENT_HIDDEN:
        return failure
    for named in sorted({address, parseaddr(address)[1]} - {""}, key=len, reverse=True):
        failure = re.sub(re.escape(named), "(address not shown)", failure, flags=re.IGNORECASE)
    return failure
