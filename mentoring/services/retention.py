"""Retention: what a pair wrote is deleted once its programme's retention period has passed
since the pairing ended (Programme.notes_retention_days; empty keeps it).

Deleted: the meeting notes, the action steps' text and what they would take, the reviews'
notes, the reasons given for moving or cancelling a meeting, the shared purpose, and the
fingerprint of each meeting's last log (`Meeting.log_fingerprint`). Kept:
that the pair existed, its dates, its meetings' dates, lengths, status and themes, and how
many action steps it recorded and completed, which is all the programme report counts.
Requests to the programme office are the office's record, and are not touched.

A period the office shortens never deletes an ended pair's notes sooner than the date its
members were given, nor sooner than a week after they are emailed a new one, whichever comes
first (`notes_retention_shortened`, `Match.notes_kept_until`).

Run hourly by Celery beat (mentoring.tasks.notes_apply_retention) and by hand with
`manage.py apply_retention [--dry-run]`. Idempotent: a pair is marked (`notes_deleted_at`)
in the transaction that clears it, and marked pairs are not looked at again. A fixed number
of queries however many pairs and notes are due: one per kind of row, never one per row.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.mail import TemplatedMail, send_templated_mails
from accounts.models import OutboxMessage
from accounts.outbox import can_be_emailed, outbox_cancel
from mentoring.models import (
    ActionReview,
    ActionStep,
    Match,
    MatchStatus,
    Meeting,
    MeetingNote,
    Programme,
)
from mentoring.selectors.programmes import NotesBroughtForward, notes_brought_forward
from mentoring.services.meetings import pair_about

NOTES_RETENTION_SHORTENED = "mentoring/email/notes_retention_shortened"


@dataclass(frozen=True)
class DuePair:
    pk: int
    programme: str
    ended_at: datetime
    notes: int
    action_steps: int


@dataclass
class RetentionResult:
    pairs: int = 0
    notes: int = 0
    action_steps: int = 0
    due: list[DuePair] = field(default_factory=list)  # filled in for a dry run only


def notes_due_for_deletion(*, now: datetime) -> Q:
    """Ended pairs, not yet cleared, whose programme's retention period has run out: one
    condition per programme that has a period (a handful), so the database does the dates.
    The same rule as `Match.notes_deletion_due` (`notes_deleted_on`), which the pages read:
    the task and the command both run `notes_apply_retention`, so they delete exactly the
    pairs said due."""
    due = Q(pk__in=[])
    for programme_id, days in Programme.objects.filter(
        notes_retention_days__isnull=False
    ).values_list("pk", "notes_retention_days"):
        due |= Q(programme_id=programme_id, ended_at__lte=now - timedelta(days=days))
    # Never before the notice given of a shorter period (`Match.notes_kept_until`).
    noticed = Q(notes_kept_until__isnull=True) | Q(notes_kept_until__lte=now)
    return due & noticed & Q(status=MatchStatus.ENDED, notes_deleted_at__isnull=True)


def notes_apply_retention(*, now: datetime | None = None, dry_run: bool = False) -> RetentionResult:
    """Delete what the pairs due for it wrote (see the module). With `dry_run`, change
    nothing and list what would go: counts only, never the text."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Match.objects.filter(notes_due_for_deletion(now=now))
        if dry_run:
            pairs = list(
                due.annotate(
                    note_count=Count("meetings__notes", distinct=True),
                    action_count=Count("action_steps", distinct=True),
                )
                .values_list("pk", "programme__name", "ended_at", "note_count", "action_count")
                .order_by("ended_at", "pk")
            )
            return RetentionResult(
                pairs=len(pairs),
                notes=sum(pair[3] for pair in pairs),
                action_steps=sum(pair[4] for pair in pairs),
                due=[DuePair(*pair) for pair in pairs],
            )
        # The pairs as a subquery, never a list of ids: a large backlog stays one statement
        # per table. Pairs are marked last, with the same condition: a run that starts
        # after this one has committed finds nothing due.
        pairs = due.values("pk")
        notes, _ = MeetingNote.objects.filter(meeting__match__in=pairs).delete()
        actions = ActionStep.objects.filter(match__in=pairs).update(text="", needs="")
        ActionReview.objects.filter(action__match__in=pairs).exclude(note="").update(note="")
        Meeting.objects.filter(match__in=pairs).exclude(
            change_reason="", log_fingerprint=""
        ).update(change_reason="", log_fingerprint="")
        cleared = due.update(purpose="", notes_deleted_at=now)
    return RetentionResult(pairs=cleared, notes=notes, action_steps=actions)


def retention_about(match_id: int) -> str:
    """What the emails telling a pair's members of a new deletion date are about
    (`OutboxMessage.about`): each the latest word on that date."""
    return f"{pair_about(match_id)}:retention"


def notes_retention_shortened(
    *,
    programme: Programme,
    was: int | None,
    now: datetime,
    held: list[NotesBroughtForward] | None = None,
) -> int:
    """`programme`'s retention period was just shortened from `was` (None: kept), in the
    caller's transaction, under the programme's lock. Each ended pair whose notes it would
    delete sooner than the date its members were given (`notes_brought_forward`) keeps
    them until that date or `NOTES_NOTICE` on, whichever comes first
    (`Match.notes_kept_until`, which the hourly run honours). Each member, who can be
    emailed, of a pair whose date moves is told the new date and how to download their
    data; what they were told of an earlier date and still waits to go, or failed, is
    called off, so that the last word they read is the date kept. How many were emailed.
    `held`: those pairs as the caller read them already for this period and `was`."""
    if held is None:
        held = notes_brought_forward(
            programme, days=programme.notes_retention_days, was=was, now=now
        )
    if not held:
        return 0
    for each in held:
        each.pair.notes_kept_until = each.kept_until
        each.pair.programme = programme  # its new period, which the email names
    Match.objects.bulk_update([each.pair for each in held], ["notes_kept_until"])
    brought = [each for each in held if each.moves]
    if not brought:
        return 0
    outbox_cancel(
        OutboxMessage.objects.filter(
            kind=NOTES_RETENTION_SHORTENED,
            about__in=[retention_about(each.pair.pk) for each in brought],
        ),
        reason="A later email gives the new date its notes are deleted.",
        failed_too=True,
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    mails = [
        TemplatedMail(
            NOTES_RETENTION_SHORTENED,
            to=person.email,
            recipient=person,
            about=retention_about(each.pair.pk),
            context={
                "match": each.pair,
                "person": person,
                "partner": each.pair.partner_of(person),
                "days": programme.notes_retention_days,
                "deleted_on": each.after.astimezone(zone).date(),
                "before_on": each.before and each.before.astimezone(zone).date(),
                "office_email": programme.contact_email,
            },
        )
        for each in brought
        for person in (each.pair.mentor.applicant, each.pair.board_member.user)
        if person is not None and can_be_emailed(person)
    ]
    send_templated_mails(mails)
    return len(mails)
