"""The programme report: how a cohort went, in numbers a coordinator can hand to the board.

Counts and dates only: no person is named, nothing a pair said is read (notes and action
steps are counted, never opened), and survey results come from `evaluation.results`, whose
minimum group size rules apply unchanged. The action step figures, drawn from the pairs'
confidential logs, keep the same rules with the programme's minimum group size: shown only
once enough pairs gave to them, and only once the programme has closed, as a survey's
results wait for it to close (`actions_withheld`): they are those counted and kept as it
closed (`Programme.actions_at_close`), so that they stand still after it. A fixed number of
queries whatever the size of the cohort and the number of its surveys: six, and those of
`surveys_results`.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from statistics import median

from django.db.models import Case, Count, F, Q, Value, When
from django.template.defaultfilters import pluralize
from django.utils import timezone

from evaluation.models import QuestionKind, Survey
from evaluation.results import (
    NUMERIC,
    Group,
    QuestionResult,
    Rate,
    large_enough,
    surveys_results,
)
from mentoring.cadence import midpoint_days
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    EndReason,
    Event,
    EventKind,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MentorApplication,
    Programme,
    RegistrationStatus,
)
from mentoring.models.events import HOLDS_A_PLACE
from mentoring.models.programmes import ActionFigures

# --- pure rules: the meeting figures from plain dates -------------------------------------


def expected_meetings(
    spans: list[tuple[date, date]], *, gap_min_weeks: int, gap_max_weeks: int
) -> int:
    """Meetings the cadence expects: for each pair, the whole planned gaps (the middle of
    the window between meetings) in the days it has been active, from activation to its end
    or today."""
    gap = midpoint_days(gap_min_weeks=gap_min_weeks, gap_max_weeks=gap_max_weeks)
    return sum(max((until - since).days, 0) // gap for since, until in spans)


def median_gap_days(held: dict[int, list[date]]) -> float | None:
    """The median number of days between one meeting held and the pair's next, over all the
    pairs' consecutive meetings; None until a pair has held two."""
    gaps = []
    for days in held.values():
        ordered = sorted(days)
        gaps += [(later - earlier).days for earlier, later in pairwise(ordered)]
    return median(gaps) if gaps else None


def endings_by_reason(reasons: list[str]) -> list[tuple[str, int]]:
    """How many pairs ended for each reason the programme office gave when ending them, in
    the order it is asked (completed, withdrawn, rematched), leaving out reasons none had."""
    counts = Counter(reasons)
    return [(label.lower(), counts[value]) for value, label in EndReason.choices if counts[value]]


def actions_withheld(
    pairs_gave: int, *, minimum: int, having: str, closed: bool, pairs: int
) -> str:
    """Why a figure drawn from what pairs recorded in their confidential log is withheld, or
    "" when it is shown: only once the programme has closed and at least `minimum` pairs gave
    to it (the survey results' rule, `large_enough`), as one or two pairs' sum would be their
    own, and so would the change in a live figure after one pair's meeting (Programme health
    shows which pair met), as a survey's results wait for it to close. `having` says what
    those pairs did, e.g. "recorded action steps"; `pairs` is how many the programme has, said
    when fewer than the minimum, so that the office does not wait for what cannot come."""
    enough = large_enough(pairs_gave, minimum=minimum)
    if closed and enough:
        return ""
    few = ""
    if pairs < minimum:
        count = f"{pairs} pair{pluralize(pairs)}" if pairs else "no pairs"
        few = f" This programme has {count}{'' if closed else ' so far'}."
    if closed:
        return (
            f"Withheld, so that no pair's can be told apart: fewer than {minimum} pairs "
            f"{having}.{few}"
        )
    return (
        f"Shown once the programme has closed, and at least {minimum} pairs have {having}, so "
        f"that no pair's can be told apart.{few}"
    )


# --- what the page shows -------------------------------------------------------------------


@dataclass
class QuestionSummary:
    """One question of a closed survey, summed up: a mean, the most chosen option(s), or how
    many wrote something; or why it is withheld."""

    text: str
    answered: int
    withheld: str = ""
    note: str = ""
    groups: list[tuple[str, str]] = field(default_factory=list)  # (group, summary)


@dataclass
class SurveySummary:
    survey: Survey
    rates: list[Rate]
    state: str  # "closed", "open" or "not yet open"
    questions: list[QuestionSummary] = field(default_factory=list)
    withheld: str = ""  # what holds for every question, said once (`SurveyResults`)
    note: str = ""

    @property
    def invited(self) -> int:
        return sum(rate.invited for rate in self.rates)

    @property
    def answered(self) -> int | None:
        if any(rate.answered is None for rate in self.rates):
            return None  # withheld (`results._rates_shown`)
        return sum(rate.answered for rate in self.rates)

    @property
    def percent(self) -> int | None:
        if self.answered is None or not self.invited:
            return None
        return round(100 * self.answered / self.invited)


@dataclass
class EventSummary:
    title: str
    kind: str
    starts_at: datetime
    registered: int
    attended: int
    has_taken_place: bool


@dataclass
class ProgrammeReport:
    programme: Programme
    generated_at: datetime
    applications_submitted: int
    applications_eligible: int
    applications_accepted: int
    mentors_briefed: int
    board_members_invited: int
    board_members_joined: int
    board_members_briefed: int
    pairs_matched: int
    pairs_active: int
    pairs_ended: int
    pairs_ended_by_reason: list[tuple[str, int]]  # (reason, pairs), e.g. ("completed", 1)
    meetings_held: int
    meetings_expected: int
    planned_gap_days: int
    median_gap_days: float | None
    cancelled_by_mentor: int
    cancelled_by_board_member: int
    cancelled_by_others: int
    # Withheld (None) until the programme has closed and the minimum of pairs gave to them,
    # and why (`actions_withheld`).
    actions_recorded: int | None
    actions_recorded_withheld: str
    actions_completed: int | None
    actions_completed_withheld: str
    # None: not for the reader (`programme_report`'s `with_surveys`).
    surveys: list[SurveySummary] | None
    events: list[EventSummary]

    @property
    def meetings_percent(self) -> int | None:
        if not self.meetings_expected:
            return None
        return round(100 * self.meetings_held / self.meetings_expected)


def _applications(programme: Programme) -> dict:
    accepted = Q(status=ApplicationStatus.ACCEPTED)
    return (
        MentorApplication.objects.filter(programme=programme)
        .sent()
        .with_briefed()
        .aggregate(
            submitted=Count("pk"),
            eligible=Count("pk", filter=Q(eligible=True)),
            accepted=Count("pk", filter=accepted),
            briefed=Count("pk", filter=accepted & Q(is_briefed=True)),
        )
    )


def _board_members(programme: Programme) -> dict:
    joined = Q(user__isnull=False)
    return (
        BoardMember.objects.filter(programme=programme)
        .with_briefed()
        .aggregate(
            invited=Count("pk"),
            joined=Count("pk", filter=joined),
            briefed=Count("pk", filter=joined & Q(is_briefed=True)),
        )
    )


def _meetings(programme: Programme) -> tuple[dict[int, list[date]], dict[str, int]]:
    """The days of the meetings each pair held, and cancellations by side: one query."""
    rows = (
        Meeting.objects.filter(
            match__programme=programme,
            status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED],
        )
        .annotate(
            side=Case(
                When(status=MeetingStatus.HELD, then=Value("")),
                When(cancelled_by=F("match__mentor__applicant"), then=Value("mentor")),
                When(cancelled_by=F("match__board_member__user"), then=Value("board_member")),
                default=Value("other"),
            )
        )
        .order_by()
        .values_list("match_id", "starts_at", "status", "side")
    )
    held: dict[int, list[date]] = {}
    cancelled = {"mentor": 0, "board_member": 0, "other": 0}
    for match_id, starts_at, status, side in rows:
        if status == MeetingStatus.HELD:
            held.setdefault(match_id, []).append(timezone.localdate(starts_at))
        else:
            cancelled[side] += 1
    return held, cancelled


def _events(programme: Programme, now: datetime) -> list[EventSummary]:
    """The group evaluation and learning events (every kind but briefings) that were not
    called off, with attendance."""
    events = (
        Event.objects.filter(programme=programme)
        .going_ahead()
        .exclude(kind=EventKind.BRIEFING)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status__in=HOLDS_A_PLACE)),
            attended=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)
            ),
        )
        .order_by("starts_at")
    )
    return [
        EventSummary(
            title=event.title,
            kind=event.get_kind_display(),
            starts_at=event.starts_at,
            registered=event.registered,
            attended=event.attended,
            has_taken_place=event.starts_at <= now,
        )
        for event in events
    ]


def _summary(question, group: Group) -> str:
    if question.kind in NUMERIC:
        top = 5 if question.kind == QuestionKind.LIKERT else 10
        low = 1 if question.kind == QuestionKind.LIKERT else 0
        return f"mean {group.mean:.1f} ({low} to {top})"  # 4.0, as the results say, not 4
    if question.kind == QuestionKind.TEXT:
        written = len(group.texts)
        return f"{written} written answer{'s' if written != 1 else ''} (in the survey's results)"
    most = group.most
    if not most:
        return "no option chosen"
    top = [label for label, count in group.distribution if count == most]
    return f"most chosen: {' / '.join(top)} ({most} of {group.count})"


def question_summary(result: QuestionResult) -> QuestionSummary:
    """The report's line for one question: the result's own withheld notice and note, as
    `evaluation.results` decided them, and a summary of each group it shows."""
    return QuestionSummary(
        text=result.question.text,
        answered=result.answered,
        withheld=result.withheld,
        note=result.note,
        groups=[(group.label, _summary(result.question, group)) for group in result.groups],
    )


def _surveys(programme: Programme, now: datetime) -> list[SurveySummary]:
    summaries = []
    surveys = list(Survey.objects.filter(programme=programme).order_by("opens_at"))
    for survey, results in zip(surveys, surveys_results(surveys), strict=True):
        if now >= survey.closes_at:
            summary = SurveySummary(
                survey,
                results.rates,
                "closed",
                questions=[question_summary(item) for item in results.questions],
                withheld=results.withheld,
                note=results.note,
            )
        else:
            # Only the rate while it is open: `surveys_results` withholds the rest until it
            # closes (evaluation.results.still_open), and the report lists no question.
            state = "open" if now >= survey.opens_at else "not yet open"
            summary = SurveySummary(survey, results.rates, state)
        summaries.append(summary)
    return summaries


def programme_report(
    programme: Programme, now: datetime | None = None, *, with_surveys: bool
) -> ProgrammeReport:
    """The report's figures. `with_surveys`: whether the reader may see surveys' results (the
    office's `evaluation.view_survey`, as the results page asks), asked of every caller; None
    in `surveys` if not."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    applications = _applications(programme)
    members = _board_members(programme)
    pairs = list(
        Match.objects.filter(programme=programme, activated_at__isnull=False)
        .order_by()
        .values_list("status", "activated_at", "ended_at", "end_reason")
    )
    held, cancelled = _meetings(programme)
    # Kept as it closed, not counted here (none while it is open: every figure is withheld
    # then, whatever the counts, `actions_withheld`).
    actions = programme.actions_at_close or ActionFigures()
    minimum = programme.survey_min_group_size
    closed = programme.has_ended
    recorded_withheld = actions_withheld(
        actions.pairs_recorded,
        minimum=minimum,
        having="recorded action steps",
        closed=closed,
        pairs=len(pairs),
    )
    completed_withheld = actions_withheld(
        actions.pairs_reviewed,
        minimum=minimum,
        having="reviewed their action steps at a later meeting",
        closed=closed,
        pairs=len(pairs),
    )
    spans = [
        (timezone.localdate(activated_at), timezone.localdate(ended_at) if ended_at else today)
        for _status, activated_at, ended_at, _reason in pairs
    ]
    ended = [reason for status, *_, reason in pairs if status == MatchStatus.ENDED]
    return ProgrammeReport(
        programme=programme,
        generated_at=now,
        applications_submitted=applications["submitted"],
        applications_eligible=applications["eligible"],
        applications_accepted=applications["accepted"],
        mentors_briefed=applications["briefed"],
        board_members_invited=members["invited"],
        board_members_joined=members["joined"],
        board_members_briefed=members["briefed"],
        pairs_matched=len(pairs),
        pairs_active=sum(1 for status, *_ in pairs if status == MatchStatus.ACTIVE),
        pairs_ended=len(ended),
        pairs_ended_by_reason=endings_by_reason(ended),
        meetings_held=sum(len(days) for days in held.values()),
        meetings_expected=expected_meetings(
            spans, gap_min_weeks=programme.gap_min_weeks, gap_max_weeks=programme.gap_max_weeks
        ),
        planned_gap_days=midpoint_days(
            gap_min_weeks=programme.gap_min_weeks, gap_max_weeks=programme.gap_max_weeks
        ),
        median_gap_days=median_gap_days(held),
        cancelled_by_mentor=cancelled["mentor"],
        cancelled_by_board_member=cancelled["board_member"],
        cancelled_by_others=cancelled["other"],
        actions_recorded=None if recorded_withheld else actions.recorded,
        actions_recorded_withheld=recorded_withheld,
        actions_completed=None if completed_withheld else actions.completed,
        actions_completed_withheld=completed_withheld,
        surveys=_surveys(programme, now) if with_surveys else None,
        events=_events(programme, now),
    )
