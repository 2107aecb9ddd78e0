"""Reminders: a registry of kinds that apps contribute, and the one dispatcher that runs it.

Celery beat runs `reminders_dispatch` every few minutes (mentoring.tasks). For each kind it
asks what is due now (a few queries per kind, whatever the size of the programme), then,
in one transaction (one run at a time per kind: `_take_turns`), inserts a `Reminder` row
per (kind, object, address, due date) and skips those already there (INSERT … ON CONFLICT
DO NOTHING), and writes an outbox email for each row it did insert. Two dispatchers at
once, or one run twice, send nothing twice; a dispatcher that was down catches up on its
next run.

The email is rendered when it is sent (the "reminder" composer below): it says where
things stand then, and a reminder that no longer applies (the meeting was cancelled, the
pair ended, the programme closed, the person switched nudges off) is called off and
logged as not sent, with the reason.

Other apps add kinds with `register(kind)` from their AppConfig.ready (evaluation adds
the survey reminders); mentoring never imports them.
"""

from __future__ import annotations

import logging
import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from redis import RedisError

from accounts.mail import render_templated_mail
from accounts.models import OutboxMessage, OutboxStatus, User
from accounts.outbox import (
    CallOff,
    Composed,
    NotYet,
    check_recipient,
    outbox_write_many,
    register_composer,
)
from accounts.recipients import hide_recipients_of, hide_subjects_of
from mentoring.models import Programme, ProgrammeStatus, Reminder
from mentoring.models.reminders import reminder_email_kind
from mentoring.reminders.rules import at_night, next_sending
from mentoring.services.applications import office_recipients

logger = logging.getLogger(__name__)

COMPOSER = "reminder"
# The kinds whose last run failed, and since when: in the shared cache (Redis, or the
# database's table in the embedded mode), read by the office's start page and mail_status.
FAILING_KEY = "reminders:failing"


@dataclass(frozen=True)
class Due:
    """One reminder that is due: about `object_id`, to `to`, for `due_on`."""

    object_id: int
    due_on: date
    to: str
    recipient: User | None = None
    programme_id: int | None = None
    # To the programme office, as it was chosen (`Run.office_dues`): its email is the
    # office's (`accounts.outbox.OfficeRecipient`).
    for_the_office: bool = False

    @property
    def key(self) -> tuple:
        """What makes it one reminder of its kind (`_who`)."""
        return (self.object_id, _who(self.recipient_id, self.to), self.due_on)

    @property
    def recipient_id(self) -> int | None:
        return self.recipient.pk if self.recipient is not None else None


def _who(recipient_id: int | None, to: str) -> int | str:
    """Whom a reminder is for, as the two unique constraints on Reminder key it: the
    person, whatever their address, or else the address (in any case)."""
    return recipient_id if recipient_id is not None else to.lower()


@dataclass
class Run:
    """One dispatcher run: its clock, and what several kinds share (read once)."""

    now: datetime
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(settings.TIME_ZONE))
    _memo: dict = field(default_factory=dict)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)

    @property
    def today(self) -> date:
        return self.local_now.date()

    def memo(self, key: str, compute: Callable):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def office_dues(self, programme: Programme, object_id: int, due_on: date) -> list[Due]:
        """An alert about `object_id` for `due_on` to each of the programme office
        (`office_recipients`: an alert always has somewhere to go), the coordinators read
        once per run. Its emails are the office's: they go only to whoever still is."""
        coordinators = self.memo("coordinators", lambda: list(User.objects.coordinators()))
        return [
            Due(object_id, due_on, office.email, office.person, programme.pk, for_the_office=True)
            for office in office_recipients(programme, coordinators=coordinators)
        ]


class ReminderKind(ABC):
    """A kind of reminder. Subclasses say what is due now, and what the email says."""

    name: str = ""
    label: str = ""
    # A nudge the person may switch off on their profile; reminders of what is booked are not.
    optional: bool = False
    # An alert to the programme office (`Run.office_dues`): told once per thing and day, to
    # whoever is the office then (`_office_not_told`). Sent only to whoever still is, as
    # every email written to the office (`Due.for_the_office`).
    to_office: bool = False
    # Said in the office's lists instead of the recipient, when whom it goes to is the
    # person's alone (accounts.recipients.hide_recipients_of); "" shows the recipient.
    recipient_hidden: str = ""
    # Said in the office's lists instead of the subject, for a reminder to a pair's member
    # whose subject says more than the office knows (accounts.recipients.hide_subjects_of,
    # e.g. "Meeting reminder"); "" shows the subject.
    subject_hidden: str = ""
    # About a day (a window open, an event tomorrow, a survey), not a meeting's clock time:
    # goes from 08:00 to 21:00, never in the night (`rules.at_night`), even when it became
    # due late the day before, or was written by day and held into the night (the mail
    # server away: `_checked`); it goes in the morning instead.
    about_a_day: bool = False

    @property
    def template(self) -> str:
        return f"mentoring/email/reminder_{self.name}"

    @abstractmethod
    def find(self, run: Run) -> Iterable[Due]:
        """What is due at `run.now`: a few queries, whatever the size of the programme."""

    @abstractmethod
    def compose(self, reminder: Reminder, now: datetime) -> tuple[dict, list]:
        """The email's context and attachments; raise CallOff when it no longer applies.
        Reads only: the dispatcher also runs it to ask whether a reminder called off applies
        again (`_applying_again`), which sends nothing yet."""

    def useful_until(self, reminder: Reminder) -> datetime | None:
        """When a reminder about a day stops being of use (an event's start), if a kind knows:
        one held into the night goes then rather than wait for a morning after it
        (`_checked`). None: it waits for the morning."""
        return None

    def sending(self, context: dict) -> dict:
        """`compose`'s context as the email goes: what only sending may write (a new link
        that replaces an old one) is added here, never while a reminder is only checked."""
        return context


REGISTRY: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    if not kind.name or len(kind.name) > 50:
        raise ValueError("A reminder kind needs a name of at most 50 characters.")
    REGISTRY[kind.name] = kind
    if kind.recipient_hidden:
        hide_recipients_of(reminder_email_kind(kind.name), why=kind.recipient_hidden)
    if kind.subject_hidden:
        hide_subjects_of(reminder_email_kind(kind.name), shown_as=kind.subject_hidden)
    return kind


def kind_choices() -> list[tuple[str, str]]:
    return sorted((kind.name, kind.label) for kind in REGISTRY.values())


# The dispatcher


def reminders_dispatch(now: datetime | None = None) -> dict[str, int]:
    """Record and queue every reminder due now. Returns how many were new, by kind."""
    run = Run(now or timezone.now())
    written, failures = {}, []
    night = at_night(run.now, run.zone)
    skipped = set()
    for kind in list(REGISTRY.values()):
        if night and kind.about_a_day:
            written[kind.name] = 0
            skipped.add(kind.name)
            continue
        try:
            dues = [
                due
                for due in kind.find(run)
                if not (
                    kind.optional and due.recipient is not None and not due.recipient.wants_nudges
                )
            ]
            if kind.to_office and dues:
                dues = _office_not_told(kind, dues)
            written[kind.name] = _record(kind, dues, run.now) if dues else 0
        except Exception as error:
            # One broken kind must not hold up the others; the run still fails, loudly, and
            # the office is shown which kind is not going out (reminders_failing).
            logger.exception("Reminders of kind %s could not be dispatched.", kind.name)
            failures.append((kind.name, error))
    _note_failing(
        {name: type(error).__name__ for name, error in failures}, run.now, skipped=skipped
    )
    if failures:
        raise failures[0][1]
    return written


@dataclass(frozen=True)
class Failing:
    """A kind of reminder that failed at every run since `since` (nobody is sent it until it
    runs again; the reminders due meanwhile go out then)."""

    label: str
    since: datetime
    error: str  # the exception's class; the details (which may name people) are in the log


def _note_failing(failed: dict[str, str], now: datetime, *, skipped: set[str]) -> None:
    """Keep which kinds failed, and since when; a kind `skipped` by this run (about a day, in
    the night) keeps what its last run said. With the cache away (Redis down: the broker
    too, so this runs only from `run_periodic` or a task already taken), the reminders
    themselves are written already: the note is logged and the run goes on."""
    try:
        before = cache.get(FAILING_KEY) or {}
        after = {
            name: {"since": before.get(name, {}).get("since", now.isoformat()), "error": error}
            for name, error in failed.items()
        } | {name: noted for name, noted in before.items() if name in skipped}
        if after != before:
            cache.set(FAILING_KEY, after, timeout=None)
    except RedisError:
        logger.warning("Could not note which kinds of reminder fail: the cache is away.")


def reminders_failing() -> list[Failing]:
    """The kinds of reminder whose last run failed, the longest-failing first. Raises
    RedisError when the cache cannot be reached (`reminders_failing_shown` does not)."""
    failing = [
        Failing(
            label=REGISTRY[name].label if name in REGISTRY else name,
            since=datetime.fromisoformat(noted["since"]),
            error=noted["error"],
        )
        for name, noted in (cache.get(FAILING_KEY) or {}).items()
    ]
    return sorted(failing, key=lambda failing: failing.since)


def reminders_failing_shown() -> list[Failing]:
    """`reminders_failing` for a page: with the cache away, none are known, and the page
    is shown all the same (`mail_status` says the cache is away)."""
    try:
        return reminders_failing()
    except RedisError:
        logger.warning("Could not read which kinds of reminder fail: the cache is away.")
        return []


def _office_not_told(kind: ReminderKind, dues: list[Due]) -> list[Due]:
    """Of an office alert's dues, those about something the office has not been told of
    that day: someone who joins the office later (a new coordinator, an office address set
    on the programme) is not told what the office was told before. Each address already
    told stays, so that an alert called off that applies again is sent again to it
    (`_applying_again`)."""
    told = {}
    for object_id, due_on, person, to in Reminder.objects.filter(
        kind=kind.name,
        object_id__in={due.object_id for due in dues},
        due_on__in={due.due_on for due in dues},
    ).values_list("object_id", "due_on", "recipient_id", "to"):
        told.setdefault((object_id, due_on), set()).add(_who(person, to))
    return [
        due
        for due in dues
        if (due.object_id, due.due_on) not in told
        or _who(due.recipient_id, due.to) in told[(due.object_id, due.due_on)]
    ]


def _record(kind: ReminderKind, dues: list[Due], now: datetime) -> int:
    unique = {due.key: due for due in dues}
    with transaction.atomic():
        _take_turns(kind)
        inserted = []
        rows = _in_no_ones_order(kind, list(unique.items()))
        for start in range(0, len(rows), 500):
            inserted += _insert_new(kind.name, rows[start : start + 500], now)
        taken = {key for _pk, key in inserted}
        inserted += _applying_again(kind, [row for row in rows if row[0] not in taken], now)
        if not inserted:
            return 0
        messages = outbox_write_many(
            [
                OutboxMessage(
                    kind=reminder_email_kind(kind.name),
                    to=unique[key].to,
                    recipient=unique[key].recipient,
                    for_the_office=unique[key].for_the_office,
                    subject=kind.label,
                    composer=COMPOSER,
                )
                for _pk, key in inserted
            ]
        )
        _link_messages(
            [(pk, message.pk) for (pk, _key), message in zip(inserted, messages, strict=True)]
        )
    return len(inserted)


def _take_turns(kind: ReminderKind) -> None:
    """Make this transaction the only one writing reminders of `kind` until it ends. Two
    runs at once (two beats, or a queued run overlapping the next) would otherwise lock the
    same rows in different orders (`_in_no_ones_order` shuffles them; a query's order is
    not promised either), and PostgreSQL would cancel one of them as a deadlock: the other
    now waits here, then finds the rows written (ON CONFLICT DO NOTHING)."""
    if connection.vendor == "postgresql":
        # Held until commit or rollback; each kind its own key, so the kinds do not wait
        # for one another.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"reminders:{kind.name}"])
    # SQLite (the embedded mode) takes its one write lock as each transaction begins
    # (transaction_mode IMMEDIATE in config/settings.py): writers already go one at a time.


def _in_no_ones_order(kind: ReminderKind, rows: list) -> list:
    """`rows` as they are, or shuffled for a kind whose recipients the office is not shown
    (`recipient_hidden`): the reminders and their emails are listed by when they were
    written, then by id, and a run writes many at once; written in the order the people
    were read (the programme's mentors, then its board members), where a hidden row falls
    would say whose it is (a survey's reminder called off: who answered). Their emails are
    written in the same order."""
    if kind.recipient_hidden:
        random.SystemRandom().shuffle(rows)
    return rows


def _applying_again(kind: ReminderKind, rows: list, now: datetime) -> list[tuple[int, tuple]]:
    """Of the reminders due now that were written before (`rows`: their keys were taken),
    those whose email was called off and that would now be sent, each to be emailed anew.
    A reminder called off for a state that has since passed (a request to end the pairing
    that the office declined, a proposal dropped, a booking cancelled, an event moved back,
    a survey reopened, nudges switched on again) still comes, once. Whether it would be
    sent is what sending asks (`_checked`), so one called off for good is not written again
    at every run. The rows are locked: two dispatchers at once email it once."""
    if not rows:
        return []
    found = (
        Reminder.objects.select_for_update(of=("self",))
        .filter(
            kind=kind.name,
            object_id__in={object_id for (object_id, _whom, _due_on), _due in rows},
            due_on__in={due_on for (_object_id, _whom, due_on), _due in rows},
            message__status=OutboxStatus.CANCELLED,
        )
        .select_related("programme", "recipient")
    )
    by_key = {
        (reminder.object_id, _who(reminder.recipient_id, reminder.to), reminder.due_on): reminder
        for reminder in found
    }
    again = []
    for key, _due in rows:
        reminder = by_key.get(key)
        if reminder is None:
            continue
        try:
            _checked(reminder, now)
        except (CallOff, NotYet):
            continue
        again.append((reminder.pk, key))
    return again


def _link_messages(pairs: list[tuple[int, int]]) -> None:
    """Set each new reminder's message in one UPDATE … FROM (VALUES …) per 500 rows."""
    ops = connection.ops
    table = ops.quote_name(Reminder._meta.db_table)
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET message_id = v.column2 FROM (VALUES {values}) AS v "
                f"WHERE {table}.id = v.column1",
                [value for pair in chunk for value in pair],
            )


def _insert_new(kind: str, rows: list, now: datetime) -> list[tuple[int, tuple]]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: the rows this run is first to write."""
    ops = connection.ops
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(
        ops.quote_name(name)
        for name in (
            "kind",
            "object_id",
            "to",
            "recipient_id",
            "due_on",
            "programme_id",
            "created_at",
        )
    )
    values, params = [], []
    for _key, due in rows:
        values.append("(%s, %s, %s, %s, %s, %s, %s)")
        params += [
            kind,
            due.object_id,
            due.to.lower(),
            due.recipient_id,
            ops.adapt_datefield_value(due.due_on),
            due.programme_id,
            ops.adapt_datetimefield_value(now),
        ]
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join(values)} "
        f"ON CONFLICT DO NOTHING RETURNING id, object_id, recipient_id, {ops.quote_name('to')}, "
        "due_on"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        returned = cursor.fetchall()
    by_text = {
        (object_id, who, str(due_on)): (object_id, who, due_on)
        for (object_id, who, due_on), _due in rows
    }
    return [
        (pk, by_text[(object_id, _who(recipient_id, to), str(due_on))])
        for pk, object_id, recipient_id, to, due_on in returned
    ]


# Rendering at sending time


def _checked(reminder: Reminder, now: datetime) -> tuple[ReminderKind, dict, list]:
    """The reminder's kind, and its email's context and attachments as they would be sent
    at `now`; CallOff when it no longer applies, NotYet when it waits (one about a day, in
    the night: `ReminderKind.about_a_day`, for the survey reminders too). For sending, and for
    writing again one whose email was called off (`_applying_again`)."""
    kind = REGISTRY.get(reminder.kind)
    if kind is None:
        raise CallOff(f"This kind of reminder ({reminder.kind}) is no longer sent.")
    programme = reminder.programme
    if programme is not None and programme.status != ProgrammeStatus.ACTIVE:
        raise CallOff("The programme is no longer active.")
    person = reminder.recipient
    check_recipient(person)
    if kind.optional and person is not None and not person.wants_nudges:
        raise CallOff("The person has switched off nudges.")
    zone = ZoneInfo(settings.TIME_ZONE)
    if kind.about_a_day and at_night(now, zone):
        # Written by day, then held (the mail server away, or sent again by the office) into
        # the night: it waits for the morning, as the dispatcher does (`reminders_dispatch`),
        # unless it is of no use by then (an event starting before the morning): it goes now.
        morning = next_sending(now, zone)
        useful_until = kind.useful_until(reminder)
        if useful_until is None or morning < useful_until:
            raise NotYet(
                "Reminders like this go from 08:00 to 21:00: it waits for the morning.",
                until=morning,
            )
    context, attachments = kind.compose(reminder, now)
    return kind, context, attachments


def compose(message: OutboxMessage) -> Composed:
    reminder = (
        Reminder.objects.select_related("programme", "recipient").filter(message=message).first()
    )
    if reminder is None:
        raise CallOff("Its reminder record has been deleted.")
    kind, context, attachments = _checked(reminder, timezone.now())
    context = kind.sending(context)
    # Written to the person's address, it goes to the one they have when it is sent, as
    # every email to a person does: the outbox readdresses it (`accounts.outbox.send_one`).
    programme = reminder.programme
    context = {
        "person": reminder.recipient,
        "programme": programme,
        "office_email": _office_contact(programme),
        "reminder": reminder,
        **context,
    }
    return render_templated_mail(kind.template, context=context, attachments=attachments)


def _office_contact(programme: Programme | None) -> str:
    return programme.contact_email if programme is not None else settings.PROGRAMME_OFFICE_EMAIL


register_composer(COMPOSER, compose)
