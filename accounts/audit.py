"""The audit trail of the programme office's changes to applications, pairs, invitations and
events (calling one off), of who is in the office, and of emails it sent again.

Each service that makes such a change calls `audit_record` once, inside its transaction (or
`audit_record_many` once for a batch of objects changed alike), so a change that rolls back
leaves no row and a row always means a change. The row names the
object by kind and number; what it was called then (its people and programme) is kept beside
it (`AuditObjectName`), so it still reads after the object is deleted. What is kept is who,
what and when, the names of the fields changed, and old and new values only for the fields
the caller lists as plain facts (a status, a date, who was paired): never a note, a
statement, a bio or a reason, which people wrote for someone else to read.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils.text import Truncator

from accounts.models import AuditAction, AuditEvent, AuditObjectName, User

NOBODY = "Nobody signed in (a script or scheduled task)"


def audit_label(obj: models.Model) -> str:
    """Names the object ("Mentor application #12") without any of its content."""
    return f"{obj._meta.verbose_name.capitalize()} #{obj.pk}"


def audit_name(obj: models.Model) -> str:
    """What the object is called now, if its model names itself for the trail
    (`audit_name()`: the people and the programme, never what anyone wrote); else ""."""
    if not hasattr(obj, "audit_name"):
        return ""
    limit = AuditObjectName._meta.get_field("text").max_length
    return Truncator(obj.audit_name()).chars(limit)


def actor_label(actor: User | None) -> str:
    if actor is None:
        return NOBODY
    return f"{actor.full_name} <{actor.email}>" if actor.full_name else actor.email


def audit_value(value):
    """A value as the trail keeps it: plain JSON, an object by its label, never its text."""
    if isinstance(value, models.Model):
        return audit_label(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass(frozen=True)
class Audited:
    """One object's change, as the trail keeps it: `values` maps a field to its (old, new)
    values, kept because they are plain facts; `names` are the other fields changed, kept by
    name only."""

    obj: models.Model
    values: dict[str, tuple] = field(default_factory=dict)
    names: Iterable[str] = ()

    def changes(self) -> dict:
        changes = {name: {} for name in self.names}
        for name, (old, new) in self.values.items():
            changes[name] = {"old": audit_value(old), "new": audit_value(new)}
        return changes


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    values: dict[str, tuple] | None = None,
    names: Iterable[str] = (),
) -> AuditEvent:
    """One row: `values` maps a field to its (old, new) values, kept because they are plain
    facts; `names` are the other fields changed, kept by name only."""
    [event] = audit_record_many(
        actor=actor, action=action, changes=[Audited(obj, values or {}, tuple(names))]
    )
    return event


def audit_record_many(
    *, actor: User | None, action: str, changes: Sequence[Audited]
) -> list[AuditEvent]:
    """A row for each of `changes`, all one `action` by one `actor`, and what each object
    was called (`audit_name`): two INSERTs however many there are. Pass objects read with
    what names them (a pair with its two people), or naming them reads it one by one."""
    if not connection.in_atomic_block:
        # Outside a transaction the row could outlive a change that failed, or the reverse.
        raise RuntimeError("audit_record must run in the transaction of the change it records.")
    if not changes:
        return []
    who = actor if actor is not None and actor.pk else None
    events = AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=who,
                actor_label=actor_label(actor),
                action=AuditAction(action),
                content_type=ContentType.objects.get_for_model(change.obj),
                object_id=change.obj.pk,
                object_label=audit_label(change.obj),
                changes=change.changes(),
            )
            for change in changes
        ]
    )
    named = [(event, audit_name(change.obj)) for event, change in zip(events, changes, strict=True)]
    AuditObjectName.objects.bulk_create(
        [AuditObjectName(event=event, text=name) for event, name in named if name]
    )
    return events


def audit_form_changes(form, kept: Iterable[str]) -> tuple[dict[str, tuple], list[str]]:
    """An admin form's changes as (values, names): values only for the fields in `kept`."""
    kept = set(kept)
    values, names = {}, []
    for name in form.changed_data:
        if name in kept:
            values[name] = (form.initial.get(name), form.cleaned_data.get(name))
        else:
            names.append(name)
    return values, names
