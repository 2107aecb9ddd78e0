"""Whom an email is to, as the office's lists show it (the outbox, the reminder log, their
pages' titles). Some kinds of email are listed without their recipient, and are not found
by address or name: whom they go to tells something that is the person's alone (a survey's
reminders go to those who have not answered it). Apps name such kinds here; each maps to
what the lists say in the address's place.

Some kinds are listed without their subject, which says more than the office is told: an
email between a pair's members says who proposed, moved or dropped which meeting, where
the office knows only that a meeting happened and when (DESIGN.md, Confidentiality). The
lists say what such an email is instead ("Meeting update"), and are not searched by its
subject's words (`shown_subjects`). Apps name such kinds here too (`hide_subjects_of`)."""

import re
from email.utils import parseaddr

from django.db.models import Case, CharField, F, Value, When

RECIPIENT_HIDDEN: dict[str, str] = {}
# Kinds of email listed by what they are, not their subject -> what the lists say instead.
SUBJECT_HIDDEN: dict[str, str] = {}


def hide_recipients_of(kind: str, *, why: str) -> None:
    RECIPIENT_HIDDEN[kind] = why


def hide_subjects_of(kind: str, *, shown_as: str) -> None:
    SUBJECT_HIDDEN[kind] = shown_as


def shown_subject(kind: str, subject: str) -> str:
    """An email's subject, as the office's lists show it for an email of `kind`."""
    return SUBJECT_HIDDEN.get(kind, subject)


def shown_subjects() -> Case | F:
    """`shown_subject` in SQL, for a list searched by what it shows: a hidden kind is found
    by what it is said to be, never by the words of its subject."""
    if not SUBJECT_HIDDEN:
        return F("subject")
    return Case(
        *(When(kind=kind, then=Value(shown_as)) for kind, shown_as in SUBJECT_HIDDEN.items()),
        default=F("subject"),
        output_field=CharField(),
    )


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
