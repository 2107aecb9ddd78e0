"""What is still under way in a programme: what closing it leaves as it is, but stops
reminding anyone of (mentoring.reminders and evaluation.reminders remind only of active
programmes). And what a programme's settings may no longer change once people take part."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from mentoring.models import (
    BoardMember,
    Event,
    Match,
    MatchStatus,
    Meeting,
    MentorApplication,
    Programme,
)
from mentoring.models.applications import AWAITING_DECISION
from mentoring.models.matches import NOTES_NOTICE, notes_deleted_on
from mentoring.models.programmes import StatusMoves, status_moves


def programme_under_way(programme: Programme) -> dict:
    """The programme's active pairs and its proposals still waiting for a decision (each
    with their people), how many of its pairs' meetings are booked or proposed ahead, its
    events to come that are going ahead, and how many applications still wait for a
    decision: five queries."""
    pairs = (
        Match.objects.filter(programme=programme)
        .select_related("mentor__applicant", "board_member__user")
        .order_by("mentor__applicant__full_name", "pk")
    )
    return {
        "pairs": list(pairs.active()),
        "proposals": list(pairs.proposed()),
        "meetings_ahead": Meeting.objects.upcoming().filter(match__programme=programme).count(),
        "events": list(
            Event.objects.filter(programme=programme).upcoming().going_ahead().order_by("starts_at")
        ),
        "applications_waiting": MentorApplication.objects.filter(
            programme=programme, status__in=AWAITING_DECISION
        ).count(),
    }


def people_take_part(programme: Programme) -> bool:
    """Whether anyone has sent an application to the programme or been invited to it as a
    board member: they hold links to its pages, and its reminders are theirs."""
    return (
        MentorApplication.objects.sent().filter(programme=programme).exists()
        or BoardMember.objects.filter(programme=programme).exists()
    )


def programme_status_moves(programme: Programme) -> StatusMoves:
    """Where the programme may go from the status it has (`status_moves`): read before a
    form changes it."""
    if programme.pk is None:
        return status_moves(None, people_take_part=False)
    return status_moves(programme.status, people_take_part=people_take_part(programme))


def applications_without_line_manager(programme: Programme, *, named: int = 10):
    """Applications still to be decided that were sent without a line manager's request (the
    programme asked for none then): switching the agreement on would leave them waiting for
    an answer nobody was asked for. How many, and the names of the first `named` applicants."""
    found = MentorApplication.objects.filter(
        programme=programme, status__in=AWAITING_DECISION, line_manager_request__isnull=True
    )
    names = list(
        found.order_by("applicant__full_name", "pk").values_list("applicant__full_name", flat=True)[
            :named
        ]
    )
    return (found.count() if len(names) == named else len(names)), names


@dataclass(frozen=True)
class NotesBroughtForward:
    """An ended pair whose notes a shorter retention period would delete sooner: on
    `before`, as its members were told (None: the programme kept them), and now on `after`,
    never sooner than `before` nor `NOTES_NOTICE` on, whichever comes first. Where that
    leaves `before` as it was (`moves` false: it was due within the notice anyway), the
    pair is held to it but neither named nor emailed."""

    pair: Match
    before: datetime | None
    after: datetime
    kept_until: datetime  # what `Match.notes_kept_until` becomes: the notice they are given

    @property
    def moves(self) -> bool:
        return self.before is None or self.after < self.before


def notes_brought_forward(
    programme: Programme, *, days: int | None, was: int | None, now: datetime
) -> list[NotesBroughtForward]:
    """The ended pairs of `programme` whose notes, not yet deleted nor due, a period of `days`
    (the period it `was`, None for kept) would delete sooner than the date their members
    were given. None of them loses a day of that promise: each keeps its notes until
    `NOTES_NOTICE` from `now`, or until the date given if that comes first
    (`Match.notes_kept_until`). Those whose date `moves` are named on the confirmation and
    emailed the new date (`mentoring.services.retention.notes_retention_shortened`), with
    time to download what they wrote; the rest keep the date they were given. The dates
    are `notes_deleted_on`'s, the daily run's rule."""
    if days is None or (was is not None and days >= was):
        return []
    ended = Match.objects.filter(
        programme=programme, status=MatchStatus.ENDED, notes_deleted_at__isnull=True
    ).select_related("mentor__applicant", "board_member__user")
    if was is not None:
        # Picked by the database, so that ended pairs whose date stays cost nothing: only
        # those whose date given (`notes_deleted_on`) is still ahead and is the period's,
        # `was` after the pairing ended. A later notice given before is kept to whatever the
        # period, so no shorter one brings it on.
        ended = ended.filter(
            Q(ended_at__gt=now - timedelta(days=was)) | Q(notes_kept_until__gt=now),
            Q(notes_kept_until__isnull=True)
            | Q(notes_kept_until__lt=F("ended_at") + timedelta(days=was)),
        )
    notice = now + NOTES_NOTICE
    return [
        brought_forward(pair, days=days, was=was, notice=notice)
        for pair in ended.order_by("ended_at", "pk")
    ]


def brought_forward(
    pair: Match, *, days: int, was: int | None, notice: datetime
) -> NotesBroughtForward:
    """One ended pair's dates under a period of `days` (`notes_brought_forward`'s rule, which
    the database's choice of pairs there must agree with: tested pair by pair)."""
    kept = pair.notes_kept_until
    before = notes_deleted_on(ended_at=pair.ended_at, days=was, kept_until=kept)
    # Never sooner than the date given, nor than the notice: whichever comes first.
    least = notice if before is None else min(before, notice)
    kept_until = max(kept, least) if kept is not None else least
    after = notes_deleted_on(ended_at=pair.ended_at, days=days, kept_until=kept_until)
    if before is not None and timezone.localdate(after) >= timezone.localdate(before):
        # The day they were told, a few hours sooner: held to the moment itself, and
        # not emailed a "new" date that is the same day.
        kept_until = before if kept is None else max(kept, before)
        after = before
    return NotesBroughtForward(pair, before, after, kept_until)
