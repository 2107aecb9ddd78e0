"""What needs the programme office's attention in a programme: the coordinator's start page
(mentoring.admin.start, which adds the pairs' states from programme health).

A fixed handful of queries whatever the size of the programme; each figure is the same rule
as the admin list it links to."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    LineManagerRequest,
    Match,
    MatchStatus,
    MentorApplication,
    PairRequest,
    Programme,
)
from mentoring.models.applications import LINE_MANAGER_STILL_ASKED
from mentoring.selectors import partners_ever_of, requests_readable_by

LINE_MANAGER_WAIT = timedelta(days=7)


def line_managers_waiting(
    queryset: QuerySet[LineManagerRequest],
    *,
    now: datetime,
    longer_than: timedelta,
) -> QuerySet[LineManagerRequest]:
    """Requests of applications still asked about (under review or wait-listed)
    with no answer for longer than `longer_than`, where silence does not yet count as
    agreement (the rule of `LineManagerRequest.silence_counts`: silence counts once
    `silence_days` have passed since the request was delivered), in programmes running that
    ask for the agreement: each such application `waits_for_line_manager`, and the office
    cannot accept it yet."""
    unanswered = queryset.filter(
        decision="",
        application__status__in=LINE_MANAGER_STILL_ASKED,
        application__programme__line_manager_agreement=True,
        sent_at__lte=now - longer_than,
    ).exclude(Programme.ended_q("application__programme"))
    silence_rules = (
        unanswered.exclude(application__programme__line_manager_silence_days=None)
        .order_by()
        .values_list("application__programme__line_manager_silence_days", flat=True)
        .distinct()
    )
    still_waiting = Q(application__programme__line_manager_silence_days=None)
    for days in silence_rules:
        still_waiting |= Q(application__programme__line_manager_silence_days=days) & ~(
            LineManagerRequest.silence_counted(days, now)
        )
    return unanswered.filter(still_waiting)


def applications_waiting_for_line_manager(
    queryset: QuerySet[MentorApplication], *, now: datetime
) -> QuerySet[MentorApplication]:
    """The applications of `queryset` whose line manager's agreement the office waits for
    (`MentorApplication.waits_for_line_manager`, as `line_managers_waiting` decides it)."""
    waiting = line_managers_waiting(
        LineManagerRequest.objects.all(), now=now, longer_than=timedelta(0)
    )
    return queryset.filter(line_manager_request__in=waiting)


def in_active_pair(related_name: str) -> Exists:
    """True for a mentor application (`related_name="mentor"`) or board member
    (`"board_member"`) in an active pair: the admin lists' "In a pair" filter uses it too."""
    return Exists(Match.objects.filter(status=MatchStatus.ACTIVE, **{related_name: OuterRef("pk")}))


def _not_in_active_pair(related_name: str):
    return ~in_active_pair(related_name)


def mentors_to_brief(programme: Programme, *, reader) -> QuerySet[MentorApplication]:
    """Accepted mentors, not briefed (nor exempted), not in an active pair; never someone
    `reader` was paired with (`partners_ever_of`), as the list of applications leaves them
    out for them."""
    return (
        MentorApplication.objects.accepted()
        .filter(programme=programme)
        .exclude(applicant__in=partners_ever_of(reader))
        .with_briefed()
        .filter(is_briefed=False)
        .filter(_not_in_active_pair("mentor"))
    )


def board_members_to_brief(programme: Programme, *, reader) -> QuerySet[BoardMember]:
    """Board members who joined, not briefed (nor exempted), not in an active pair; never
    someone `reader` was paired with (`partners_ever_of`), as the list of board members
    leaves them out for them."""
    return (
        BoardMember.objects.joined()
        .filter(programme=programme)
        .exclude(user__in=partners_ever_of(reader))
        .with_briefed()
        .filter(is_briefed=False)
        .filter(_not_in_active_pair("board_member"))
    )


@dataclass(frozen=True)
class Attention:
    applications_to_decide: int  # submitted, and not waiting for a line manager
    applications_waiting_for_line_manager: int
    line_managers_waiting: int  # over LINE_MANAGER_WAIT
    mentors_to_brief: int
    board_members_to_brief: int
    board_members_waiting_for_a_mentor: int
    proposals_waiting: int
    requests_waiting: int


def attention_for(programme: Programme, *, reader, now: datetime | None = None) -> Attention:
    """Nine queries, none of them per row. The mentors and board members to brief and the
    requests counted are those `reader` may open (`partners_ever_of`,
    `requests_readable_by`), as the lists the figures link to show them."""
    now = now or timezone.now()
    submitted = MentorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.SUBMITTED
    ).count()
    # The requests waited for of applications under review (the applications' list, and
    # subtracted from those to decide), and those waited for long, wait-listed ones too, as
    # the requests' "Waiting over 7 days" lists them: one query (after the programmes'
    # silence rules).
    under_review = Q(application__status=ApplicationStatus.SUBMITTED)
    waiting = line_managers_waiting(
        LineManagerRequest.objects.filter(application__programme=programme),
        now=now,
        longer_than=timedelta(0),
    ).aggregate(
        under_review=Count("pk", filter=under_review),
        long=Count("pk", filter=Q(sent_at__lte=now - LINE_MANAGER_WAIT)),
    )
    return Attention(
        applications_to_decide=submitted - waiting["under_review"],
        applications_waiting_for_line_manager=waiting["under_review"],
        line_managers_waiting=waiting["long"],
        mentors_to_brief=mentors_to_brief(programme, reader=reader).count(),
        board_members_to_brief=board_members_to_brief(programme, reader=reader).count(),
        board_members_waiting_for_a_mentor=BoardMember.objects.filter(programme=programme)
        .waiting_for_a_mentor()
        .count(),
        proposals_waiting=Match.objects.proposed().filter(programme=programme).count(),
        requests_waiting=requests_readable_by(
            reader, PairRequest.objects.open().filter(match__programme=programme)
        ).count(),
    )


@dataclass(frozen=True)
class LeftInClosedProgrammes:
    """What closing a programme left under way: closing ends no pair and decides no
    request, but stops the pairs' reminders, and the start page counts only what runs."""

    pairs: int  # still active
    requests: int  # from pair members, waiting for a decision


def left_in_closed_programmes(*, reader) -> LeftInClosedProgrammes:
    """One query. The pairs are all of them (the pairs' list shows each, withholding what a
    reader once in one may not read); the requests are those `reader` may open
    (`requests_readable_by`), as the list the figure links to shows them, a pair's ended or
    not (a concern may outlive its pair)."""
    pairs = Match.objects.filter(Programme.ended_q("programme"))
    readable = requests_readable_by(reader, PairRequest.objects.open())
    left = pairs.aggregate(
        pairs=Count("pk", filter=Q(pk__in=Match.objects.active().values("pk")), distinct=True),
        requests=Count("requests", filter=Q(requests__in=readable.values("pk")), distinct=True),
    )
    return LeftInClosedProgrammes(**left)
