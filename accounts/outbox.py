"""The one way the application sends email: a durable outbox.

A message is a row written in the transaction that decides to send it. After commit it is
handed to Celery (`outbox_send`); if the broker is unreachable the row simply waits, and
the periodic sweep (`outbox_sweep`, every minute) hands over every row that is due. The
send task claims a row with a conditional UPDATE (pending -> sending), so a row handed over
twice, by the commit hook and the sweep or by two sweeps, is still sent once. A failed
attempt waits with exponential back-off; an address the mail server refuses outright is
not retried. Every outcome stays on the row, for the programme office to see. An email
written to a person's address goes to the one they have when it is sent (`_address_now`):
one corrected meanwhile is where a retry, or "send again", goes.

Apps built on `accounts` may register a *composer*: a message written with one is rendered
at sending time, by that app, which may also call it off (a reminder of a meeting that has
since been cancelled) or hold it back for a while (`NotYet`: the meeting's new time awaits
an answer). `accounts` itself never imports them.
"""

import json
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.text import get_text_list

from accounts.audit import Audited, audit_record_many
from accounts.models import AuditAction, FormerName, OutboxMessage, OutboxStatus, User
from accounts.personal_data import DELETED_DOMAIN
from accounts.recipients import shown_failure, shown_recipient

logger = logging.getLogger(__name__)

# How many rows one task sends; the sweep hands over at most SWEEP_LIMIT per run.
BATCH = 50
SWEEP_LIMIT = 2000


@dataclass
class Composed:
    subject: str
    text: str
    html: str
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


class CallOff(Exception):
    """Raised by a composer: this message should no longer be sent. The message says why."""


class NotYet(Exception):
    """Raised by a composer: what this message would say is being changed (a meeting's new
    time awaits the partner's answer), so it waits, composed again at `until`. The wait
    counts no attempt: it is not a failure."""

    def __init__(self, reason: str, *, until: datetime):
        super().__init__(reason)
        self.until = until


COMPOSERS: dict[str, Callable[[OutboxMessage], Composed]] = {}


def register_composer(name: str, composer: Callable[[OutboxMessage], Composed]) -> None:
    COMPOSERS[name] = composer


# Writing


@dataclass(frozen=True)
class OfficeRecipient:
    """Someone an email goes to as the programme office, as the app that chose them says
    (mentoring's `office_recipients`): an address, and the coordinator's account when it is
    one of theirs. An email written to one (`outbox_message`'s `to`) is the office's
    (`OutboxMessage.for_the_office`): whatever its kind, it goes only to someone still in
    the office when it is sent (`check_recipient`). Not a pair of values to unpack: its
    address alone would lose that."""

    email: str
    person: User | None = None


def outbox_write(
    *,
    kind: str,
    to: str | OfficeRecipient,
    subject: str,
    text: str,
    html: str = "",
    attachments: Iterable[tuple[str, str, str]] = (),
    recipient=None,
    about: str = "",
    changes: dict | None = None,
) -> OutboxMessage:
    """Put a rendered message in the outbox, in the caller's transaction."""
    message = outbox_message(
        kind=kind,
        to=to,
        recipient=recipient,
        subject=subject,
        text=text,
        html=html,
        attachments=attachments,
        about=about,
        changes=changes,
    )
    message.save()
    enqueue_on_commit([message.pk])
    return message


def outbox_message(
    *,
    kind: str,
    to: str | OfficeRecipient,
    subject: str,
    text: str,
    html: str = "",
    attachments: Iterable[tuple[str, str, str]] = (),
    recipient=None,
    about: str = "",
    changes: dict | None = None,
) -> OutboxMessage:
    """A rendered message as its outbox row, not yet saved (`outbox_write` saves one,
    `outbox_write_many` several at once). `about`: what it is about (`OutboxMessage.about`);
    `changes`: what it tells changed (`OutboxMessage.changes`). `to` an `OfficeRecipient`:
    the row is the office's (`OutboxMessage.for_the_office`)."""
    for_the_office = isinstance(to, OfficeRecipient)
    if for_the_office:
        if recipient is not None:
            raise ValueError("An office recipient names its person: pass no `recipient`.")
        to, recipient = to.email, to.person
    return OutboxMessage(
        kind=kind,
        about=about,
        to=to,
        recipient=recipient,
        for_the_office=for_the_office,
        subject=subject[:300],
        text=text,
        html=html,
        attachments=json.dumps([list(item) for item in attachments]) if attachments else "",
        changes=changes or {},
    )


def outbox_write_many(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Put several unsaved messages (composed later, or rendered) in the outbox at once."""
    created = OutboxMessage.objects.bulk_create(messages)
    enqueue_on_commit([message.pk for message in created])
    return created


def enqueue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(ids: list[int]) -> None:
    """Hand rows to the workers. A broker that cannot be reached leaves them pending: they
    are in the database, and the sweep hands them over once it is back."""
    try:
        for start in range(0, len(ids), BATCH):
            outbox_send.delay(ids[start : start + BATCH])
    except Exception as error:
        if current_app.conf.task_always_eager:
            raise
        logger.warning(
            "Could not queue %d email(s) (%r); they wait in the outbox for the next sweep.",
            len(ids),
            error,
        )


# Sending


@shared_task(
    name="accounts.tasks.outbox_send",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def outbox_send(ids: list[int]) -> None:
    for message_id in ids:
        send_one(message_id)


# The body may hold a single-use link and names people: once an email is delivered or
# called off, it is not kept (a called-off email is never sent again).
NO_BODY = {"text": "", "html": "", "attachments": "", "changes": {}}


def can_be_emailed(person) -> bool:
    """Whether an email to `person` (an account, or None for an address alone) may go: not
    to an account switched off or deleted. The pages that say whom an action emails, and the
    actions, leave out those it would not reach, as sending calls them off
    (`check_recipient`)."""
    return person is None or person.is_active


def not_emailed_said(names: list[str], *, done: bool = True) -> str:
    """What a page says of people an action does not email (`can_be_emailed`): "Bola Board,
    whose account is switched off, was not emailed", or "is not emailed" before it is done,
    and for several "… whose accounts are switched off, were not emailed"."""
    several = len(names) > 1
    verb = ("were" if several else "was") if done else ("are" if several else "is")
    return (
        f"{get_text_list(names, 'and')}, whose account{'s are' if several else ' is'} "
        f"switched off, {verb} not emailed"
    )


def not_told_said(people, *, done: bool = True) -> str:
    """Who is told: what a page or message says, where it would say that these people are
    emailed, of those of them no email reaches (`can_be_emailed`), as `not_emailed_said`
    ("is not emailed" before the action, `done`); nothing when it reaches them all. A list
    of whom it emails leaves out the same people."""
    names = [person.full_name for person in people if not can_be_emailed(person)]
    return not_emailed_said(names, done=done) if names else ""


def emailable(path: str = "") -> Q:
    """`can_be_emailed` as a filter, of the account at `path` ("person__", say)."""
    return Q(**{f"{path}is_active": True})


def check_recipient(person, *, for_the_office: bool = False) -> None:
    """CallOff when an email to `person` (an account, or None for an address alone) may no
    longer go: for sending, and for a composer that asks before an email is written. One
    written to the programme office (`for_the_office`, `OfficeRecipient`) no longer goes to
    someone who has left it meanwhile (what the office is told of is no longer theirs to
    read)."""
    if not can_be_emailed(person):
        raise CallOff("The person's account has been closed.")
    if (
        for_the_office
        and person is not None
        and not User.objects.coordinators().filter(pk=person.pk).exists()
    ):
        raise CallOff("The person is no longer in the programme office.")


def send_one(message_id: int) -> str:
    """Send one row if it is still waiting and due. Returns what became of it."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxStatus.SENDING, sending_since=now, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    message = (
        OutboxMessage.objects.select_related("recipient")
        .annotate(to_given_up=_to_given_up())
        .get(pk=message_id)
    )
    # Where it is tried; `to` keeps where it was last tried until it is (`_finish`).
    message.going_to = _address_now(message)
    try:
        check_recipient(message.recipient, for_the_office=message.for_the_office)
        if message.going_to.lower().endswith("@" + DELETED_DOMAIN):
            # Deleting an account readdresses its emails there, emptied: never delivered.
            raise CallOff("The account it was addressed to was deleted.")
        composed = _compose(message)
        _deliver(message, composed)
    except CallOff as reason:
        _finish(
            message,
            status=OutboxStatus.CANCELLED,
            cancelled_reason=str(reason)[:300],
            **NO_BODY,
        )
        return OutboxStatus.CANCELLED
    except NotYet as wait:
        _finish(
            message,
            status=OutboxStatus.PENDING,
            attempts=F("attempts") - 1,
            next_attempt_at=wait.until,
            held_because=str(wait)[:300],
        )
        return "waiting"
    except FailedAtTheRecipient as failed:
        return _failed(message, failed.__cause__, tried=True)
    except Exception as error:
        # The server never given the recipient's address: the email could not be written,
        # the server not reached, or it refused the greeting or the sender
        # (`BEFORE_THE_RECIPIENT`). Tried nowhere, the row keeps the address last tried.
        return _failed(message, error, tried=False)
    _finish(
        message,
        tried=True,
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        # The subject as composed, unless it changed since the row was claimed: deleting an
        # account meanwhile takes the person's name out of it, and it stays out.
        subject=Case(
            When(subject=message.subject, then=Value(composed.subject[:300])),
            default=F("subject"),
        ),
        last_error="",
        **NO_BODY,
    )
    return OutboxStatus.SENT


def _address_now(message: OutboxMessage) -> str:
    """Where `message` goes now. One written to the address its person signed in with then
    goes to the one they sign in with now, whoever changed it meanwhile (the person on their
    email page, a superuser on their page in the office): retries run for days, and "send
    again" follows an address the mail server refused. What was written to another address
    of theirs on purpose keeps it: allauth's notice that the address changed, sent to the
    one given up; a confirmation link for an address being added. Their address counts
    whether or not they confirmed it, as for every email written to them. `message` is read
    with `_to_given_up`."""
    person = message.recipient
    if person is None or not message.to_given_up:
        return message.to
    return person.email


def going_now(messages) -> list[OutboxMessage]:
    """`messages`, each with `going_to` where it goes if sent now (`_address_now`): what the
    office is asked to send again, and what the audit trail records it sent again, name the
    address it will go to, not one its person has given up since it was written. Its `to`
    stays the address it was tried at, which a failure is read against; the row keeps it
    until it is tried again (`send_one`)."""
    going = list(messages.select_related("recipient").annotate(to_given_up=_to_given_up()))
    for message in going:
        message.going_to = _address_now(message)
    return going


def _to_given_up() -> Exists:
    """Whether the message's `to` was its person's address when it was written, and no longer
    is: the account notes each address it gives up, and when (`FormerName`, as it is saved).
    Read with the message, so that sending costs no query more."""
    return Exists(
        FormerName.objects.filter(
            user=OuterRef("recipient"),
            text__iexact=OuterRef("to"),
            until__gt=OuterRef("created_at"),
        )
    )


def _compose(message: OutboxMessage) -> Composed:
    if message.composer:
        try:
            composer = COMPOSERS[message.composer]
        except KeyError:
            raise LookupError(f"No composer registered as {message.composer!r}.") from None
        return composer(message)
    return Composed(
        subject=message.subject,
        text=message.text,
        html=message.html,
        attachments=[tuple(item) for item in json.loads(message.attachments or "[]")],
    )


class FailedAtTheRecipient(Exception):
    """Raised by `_deliver`: the mail server was reached and given the recipient's address
    (or was to be: an address the backend refuses to write), and sending failed (why: its
    `__cause__`). It counts as tried at the address it went to."""


class WrittenOnce(EmailMultiAlternatives):
    """An email written once: the mail backend, sending it, asks for the message that
    `_deliver` wrote before reaching the server, not for a second writing."""

    _written = None

    def message(self):
        if self._written is None:
            self._written = super().message()
        return self._written


def _deliver(message: OutboxMessage, composed: Composed) -> None:
    """Write the email and hand it to the mail server. Only a failure once the server has
    been given the recipient's address is raised as `FailedAtTheRecipient`; one before (a header
    it cannot write, a server it cannot reach or sign in to, one that refuses the sender:
    `BEFORE_THE_RECIPIENT`) is raised as itself."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    email = WrittenOnce(
        composed.subject,
        composed.text,
        settings.DEFAULT_FROM_EMAIL,
        [message.going_to],
        # One row, one Message-ID: a mail client shows a message delivered twice once.
        headers={"Message-ID": f"<outbox-{message.pk}@{domain}>"},
    )
    if composed.html and not composed.text:
        email.body, email.content_subtype = composed.html, "html"
    elif composed.html:
        email.attach_alternative(composed.html, "text/html")
    for name, content, mimetype in composed.attachments:
        email.attach(name, content, mimetype)
    # Written in full before the server is reached: a header that cannot be written (a line
    # break in the subject) fails here, not at the server. Sending hands over this writing.
    email.message()
    # Opened on entering (the connection the email is sent by): a refused connection fails
    # before anything is handed over.
    with email.get_connection():
        try:
            email.send()
        except BEFORE_THE_RECIPIENT:
            raise
        except Exception as error:
            raise FailedAtTheRecipient from error


# Failures in sending before the recipient's address reaches the server: its greeting
# refused, the sender refused (our configuration). An address the mail backend refuses to
# write while sending (a ValueError; one with a line break fails earlier, with the message)
# counts as tried at it, so that the row shows the address its error is about.
BEFORE_THE_RECIPIENT = (smtplib.SMTPHeloError, smtplib.SMTPSenderRefused)


def is_permanent(error: Exception) -> bool:
    """The mail server refused this address or this message for good (a 5xx reply to the
    recipient or to the message). A refused sign-in or sender is our configuration, not the
    message: it is retried, so that fixing the settings sends everything that waited."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the given number of failed attempts: doubling, capped."""
    return min(
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0),
        settings.OUTBOX_RETRY_MAX_SECONDS,
    )


def _failed(message: OutboxMessage, error: Exception, *, tried: bool) -> str:
    """Retried later, or failed for good; `tried`: the mail server was given the recipient's
    address (otherwise, not written, the server not reached, or the greeting or the sender
    refused, its row keeps the address it was last tried at)."""
    description = f"{type(error).__name__}: {error}"[:500]
    # The log says whom, and why, as the office's lists do: never a survey reminder's address.
    to = shown_recipient(message.kind, message.going_to)
    why = shown_failure(message.kind, message.going_to, description)
    if is_permanent(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        logger.error("Email %s to %s failed for good: %s", message.pk, to, why)
        _finish(message, tried=tried, status=OutboxStatus.FAILED, last_error=description)
        return OutboxStatus.FAILED
    delay = retry_delay(message.attempts)
    logger.warning("Email %s to %s failed, retried in %ss: %s", message.pk, to, delay, why)
    _finish(
        message,
        tried=tried,
        status=OutboxStatus.PENDING,
        last_error=description,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    if delay <= settings.OUTBOX_COUNTDOWN_MAX_SECONDS and not current_app.conf.task_always_eager:
        try:
            outbox_send.apply_async(([message.pk],), countdown=delay)
        except Exception as broker_error:
            logger.warning("Could not queue the retry (%r); the sweep will.", broker_error)
    return OutboxStatus.PENDING


def _finish(message: OutboxMessage, *, tried: bool = False, **changes) -> None:
    # Only the attempt that claimed the row may close it: a sweep that judged it stuck and
    # put it back must not be overwritten by a late, slow worker. Why it was held, if it
    # was, holds only until the next attempt says otherwise.
    if tried and message.going_to != message.to:
        # The row says where it was last tried (`going_to`), which a failure is read
        # against; one called off or held back was tried nowhere, and keeps its `to`. Unless
        # deleting the account has readdressed it to its reserved address meanwhile: that
        # stays.
        changes["to"] = Case(
            When(to=message.to, then=Value(message.going_to)),
            default=F("to"),
            output_field=OutboxMessage._meta.get_field("to"),
        )
    OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxStatus.SENDING, sending_since=message.sending_since
    ).update(sending_since=None, **{"held_because": "", **changes})


# Keeping it moving


@shared_task(name="accounts.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    """Put rows stuck in "sending" back in the queue, and hand over every row that is due.
    Returns how many were handed over."""
    now = timezone.now()
    stuck_before = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    stuck_rows = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, sending_since__lt=stuck_before
    )
    # One that has used its last attempt (each claim counts one) is failed and shown to the
    # office, as a refused one is: a message that stops its worker every time must not go
    # round for ever.
    given_up = stuck_rows.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=OutboxStatus.FAILED,
        sending_since=None,
        last_error="Sending did not finish (the worker stopped?) at the last attempt.",
    )
    if given_up:
        logger.error("%d email(s) stuck in sending at their last attempt: failed.", given_up)
    stuck = stuck_rows.update(
        status=OutboxStatus.PENDING,
        sending_since=None,
        next_attempt_at=now,
        last_error="Sending did not finish (the worker stopped?); tried again.",
    )
    if stuck:
        logger.warning("%d email(s) were stuck in sending; queued again.", stuck)
    ids = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    enqueue(ids)
    return len(ids)


def outbox_send_again(messages, *, by: User | None) -> int:
    """Send failed rows again, from a fresh count of attempts. Returns how many. The audit
    trail records who (`by`) sent each again: the email by its kind and whom it is to, as
    the outbox's list shows them, and its status; never its body. The rows are locked, so
    two colleagues pressing at once send each once, and record it once."""
    with transaction.atomic():
        failed = going_now(
            OutboxMessage.objects.select_for_update(of=("self",))
            .filter(pk__in=messages.values("pk"), status=OutboxStatus.FAILED)
            .order_by("pk")
        )
        ids = [message.pk for message in failed]
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        audit_record_many(
            actor=by,
            action=AuditAction.EMAIL_SENT_AGAIN,
            changes=[
                Audited(
                    message,
                    {
                        "status": (OutboxStatus.FAILED, OutboxStatus.PENDING),
                        "attempts": (message.attempts, 0),
                    },
                )
                for message in failed
            ],
        )
        enqueue_on_commit(ids)
    return len(ids)


def outbox_cancel(messages, *, reason: str, failed_too: bool = False) -> int:
    """Call off rows not yet sent (a meeting cancelled after its reminder was written); with
    `failed_too`, those that failed as well, so that "send again" does not send them (a link
    that no longer works). Their bodies go, and the list says why (`reason`)."""
    waiting = [OutboxStatus.PENDING, OutboxStatus.FAILED] if failed_too else [OutboxStatus.PENDING]
    return messages.filter(status__in=waiting).update(
        status=OutboxStatus.CANCELLED, cancelled_reason=reason[:300], **NO_BODY
    )
