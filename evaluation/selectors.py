"""What the person answering sees: where each of their surveys stands, and whether any asks
them at all (for the navigation)."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone

from accounts.models import User
from evaluation.audience import Side, paired_during, role_for, surveys_for
from evaluation.models import Question, Role, Survey, SurveyAudience
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    Match,
    MentorApplication,
)


class Stage(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    COMING_UP = "coming_up"
    CLOSED = "closed"


def stage_of(survey: Survey, *, answered: bool, now: datetime) -> Stage:
    """Where a survey stands for one person. Answered comes first: once in, their answers
    are what matters, whether the survey is still open or not."""
    if answered:
        return Stage.ANSWERED
    if now < survey.opens_at:
        return Stage.COMING_UP
    if now >= survey.closes_at:
        return Stage.CLOSED
    return Stage.OPEN


@dataclass
class MySurveys:
    open: list[Survey] = field(default_factory=list)
    answered: list[Survey] = field(default_factory=list)
    coming_up: list[Survey] = field(default_factory=list)
    closed: list[Survey] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.open or self.answered or self.coming_up or self.closed)

    @property
    def coming_up_emailed(self) -> bool:
        """Whether each survey to come will be announced by email: reminders go only to the
        people of an active programme (`evaluation.reminders.unanswered`)."""
        return all(survey.announced_by_email for survey in self.coming_up)


def my_surveys(person, *, now: datetime | None = None) -> MySurveys:
    """Every survey that asks the person, by stage: the soonest to close or open first, the
    most recent first among those done with (one query, whatever the number). One that
    closed without ever asking is none of them (`surveys_for`: it asked nobody)."""
    now = now or timezone.now()
    asked = [survey for survey, _role in surveys_for(person)]
    found = MySurveys()
    for survey in asked:
        stage = stage_of(survey, answered=survey.answered, now=now)
        if stage == Stage.OPEN and not survey.has_questions:
            # Open with nothing to answer yet (the office is writing its questions): not
            # offered, nor on the dashboard, as it is not announced (evaluation.reminders).
            continue
        getattr(found, stage).append(survey)
    found.open.sort(key=lambda survey: survey.closes_at)
    found.coming_up.sort(key=lambda survey: survey.opens_at)
    found.answered.sort(key=lambda survey: survey.closes_at, reverse=True)
    found.closed.sort(key=lambda survey: survey.closes_at, reverse=True)
    return found


def surveys_waiting(person) -> dict | None:
    """The dashboard's card (mentoring.navigation.register_fact): the surveys open for the
    person that they have not answered, soonest to close first; None when there are none."""
    waiting = my_surveys(person).open
    return {"surveys": waiting} if waiting else None


def asked_by_a_survey(person) -> ExpressionWrapper:
    """Whether any survey asks the person (a user, or an OuterRef to one): `audience.role_for`
    written as a condition (accepted mentors for surveys not only for board members, board
    members who have joined for surveys not only for mentors, each if they came onto that
    side before the survey closed; for a survey only for people in a pair, only those in a
    pair there during it, `audience.paired_during`). A test holds
    the two to the same answers. The navigation reads it among its facts
    (mentoring.navigation)."""
    return ExpressionWrapper(
        Exists(
            MentorApplication.objects.filter(
                applicant=person, status=ApplicationStatus.ACCEPTED
            ).filter(
                _a_survey_asks(
                    Role.MENTOR, since="decided_at", pairs=Match.objects.filter(mentor=_SIDE)
                )
            )
        )
        | Exists(
            BoardMember.objects.filter(user=person).filter(
                _a_survey_asks(
                    Role.BOARD_MEMBER,
                    since="joined_at",
                    pairs=Match.objects.filter(board_member=_SIDE),
                )
            )
        ),
        output_field=BooleanField(),
    )


# From inside a survey of the side's programme: the application or membership it is about.
_SIDE = OuterRef(OuterRef("pk"))


def _a_survey_asks(role: Role, *, since: str, pairs) -> Exists:
    """A survey of the programme of an application or membership (the outer row, on its side
    since its field `since`) asks it in `role`: its audience asks the role, it closes after
    the side was joined, and it asks everyone or the side was in one of `pairs` during it;
    not one open now with no question yet, nor one of a draft, nor one that closed without
    ever asking (not offered, as `my_surveys` says)."""
    open_now = Q(opens_at__lte=Now(), closes_at__gt=Now())
    return Exists(
        Survey.objects.published()
        .not_closed_unasked(Now())
        .filter(
            programme=OuterRef("programme"),
            audience__in=_ASKING[role],
            closes_at__gt=OuterRef(since),
        )
        .filter(
            Q(pairs_only=False)
            | paired_during(pairs, opens_at=OuterRef("opens_at"), closes_at=OuterRef("closes_at"))
        )
        # As `my_surveys` lists them: one open with nothing to answer yet is not offered.
        .filter(~open_now | Exists(Question.objects.filter(survey=OuterRef("pk"))))
    )


# The audiences of the surveys that ask each role, from the one rule.
_ASKING = {
    role: [
        audience
        for audience in SurveyAudience.values
        if role_for(
            Survey(audience=audience),
            mentor=Side() if role == Role.MENTOR else None,
            board_member=Side() if role == Role.BOARD_MEMBER else None,
        )
        == role
    ]
    for role in Role
}


def asked_by_any_survey(person) -> bool:
    """`asked_by_a_survey` for one person, in one query."""
    return User.objects.filter(pk=person.pk).filter(asked_by_a_survey(OuterRef("pk"))).exists()
