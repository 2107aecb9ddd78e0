"""What is still under way in a programme: what closing it leaves as it is, but stops
reminding anyone of (mentoring.reminders and evaluation.reminders remind only of active
programmes). And what a programme's settings may no longer change once people take part."""

from datetime import datetime, timedelta

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


def pairs_whose_notes_a_period_makes_due(
    programme: Programme, *, days: int | None, was: int | None, now: datetime
) -> list[Match]:
    """The ended pairs of `programme` whose notes are not deleted yet and would be at the
    retention's next run with a period of `days`, but not with the period it `was`."""
    if days is None or (was is not None and days >= was):
        return []
    due = Match.objects.filter(
        programme=programme,
        status=MatchStatus.ENDED,
        notes_deleted_at__isnull=True,
        ended_at__lte=now - timedelta(days=days),
    )
    if was is not None:
        due = due.filter(ended_at__gt=now - timedelta(days=was))
    return list(
        due.select_related("mentor__applicant", "board_member__user").order_by("ended_at", "pk")
    )
