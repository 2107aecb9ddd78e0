"""Demo surveys for `seed_demo`: the pilot evaluation, closed a week ago with enough answers
from each side to show results, and the mid-point pulse, open, that the demo mentor has not
answered yet (three others have, too few for its results to be shown).

Answers go through `survey_answer`, as a person's would: the pilot evaluation is made open,
answered, then moved into the past. Made once: a survey already there is left as it is.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from evaluation.models import QuestionKind, Response, Survey
from evaluation.services import (
    Template,
    ballots_open,
    survey_answer,
    survey_from_template,
    surveys_count_invited,
    surveys_mark_asked,
)
from evaluation.survey_templates import PILOT_EVALUATION, PULSE
from mentoring.cadence import at_local_time
from mentoring.demo import FIRST_PAIRS, PAIR
from mentoring.models import Programme

PILOT_WEEKS_OPEN = 4
PILOT_CLOSED_DAYS_AGO = 7
PULSE_OPENED_DAYS_AGO = 3
PULSE_DAYS_OPEN = 14


@dataclass(frozen=True)
class DemoAnswers:
    """One person's answers, in the order of the questions of each kind."""

    likert: str  # one digit, 1 to 5, per agree-or-disagree question
    choice: int = 0  # the option picked, for one choice
    picks: tuple[int, ...] = ()  # for several choices
    scale: int = 8  # 0 to 10
    texts: tuple[str, ...] = ()


# Mentors first (the demo mentor, then the other first pairs'), then board members alike.
PILOT_RESPONDENTS = [
    PAIR[0],
    *(mentor for mentor, _member in FIRST_PAIRS),
    PAIR[1],
    *(member for _mentor, member in FIRST_PAIRS),
]
PILOT_ANSWERS = [
    DemoAnswers(
        "54545434",
        1,
        (2, 1),
        9,
        (
            "That being listened to by someone senior can change a decision, not just a mood.",
            "More time at the briefing on what to do when a conversation gets difficult.",
        ),
    ),
    DemoAnswers("44434343", 1, (2,), 7, ("How much of the university I never see.",)),
    DemoAnswers(
        "45444445",
        1,
        (0, 2, 3),
        8,
        ("", "Let pairs choose how often they meet: six weeks felt long for us."),
    ),
    DemoAnswers("55545544", 2, (1, 2), 10, ("That my experience counts as evidence.",)),
    DemoAnswers("33324332", 0, (4,), 5, ("", "Help pairs who lose touch earlier than we did.")),
    DemoAnswers(
        "55555445",
        1,
        (0, 1, 2),
        9,
        (
            "How differently the same announcement lands depending on where you sit.",
            "Bring the group learning session forward: we had a lot to share by the midpoint.",
        ),
    ),
    DemoAnswers("44444444", 1, (0, 2), 8, ("To ask, and then to wait for the answer.",)),
    DemoAnswers("45434453", 1, (2, 3), 8),
    DemoAnswers(
        "54445544",
        2,
        (0, 1),
        9,
        ("", "A short guide for board members on taking action without naming anyone."),
    ),
    DemoAnswers("34433433", 0, (2,), 6, ("That silence is noticed more than a clumsy word.",)),
]
# Three answers so far: fewer than the minimum, so the pulse's results show as withheld.
PULSE_RESPONDENTS = [FIRST_PAIRS[0][0], FIRST_PAIRS[1][0], FIRST_PAIRS[2][1]]
PULSE_ANSWERS = [
    DemoAnswers("4", scale=7),
    DemoAnswers("5", scale=9, texts=("A reminder of the ground rules halfway through.",)),
    DemoAnswers("4", scale=8),
]


def answers_for(survey: Survey, given: DemoAnswers) -> dict[int, object]:
    """The demo answers as the answering service takes them: by question, in order."""
    likert, texts = iter(given.likert), iter(given.texts)
    answers = {}
    for question in survey.questions.all():
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = int(next(likert))
        elif question.kind == QuestionKind.SINGLE:
            answers[question.pk] = given.choice
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = list(given.picks)
        elif question.kind == QuestionKind.SCALE:
            answers[question.pk] = given.scale
        else:
            answers[question.pk] = next(texts, "")
    return answers


def _answer_all(survey: Survey, respondents: list[str], answers: list[DemoAnswers]) -> None:
    people = User.objects.in_bulk(respondents, field_name="email")
    for email, given in zip(respondents, answers, strict=True):
        survey_answer(survey=survey, person=people[email], answers=answers_for(survey, given))


def _made(programme: Programme, template: Template) -> Survey | None:
    return Survey.objects.filter(programme=programme, title=template.title).first()


def surveys_seed(*, programme: Programme) -> tuple[Survey, Survey]:
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    today = timezone.localdate(now)

    pilot = _made(programme, PILOT_EVALUATION)
    if pilot is None:
        pilot = survey_from_template(
            programme=programme,
            template=PILOT_EVALUATION,
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(hours=1),
        )
        # As beat does within a minute of its opening: it has asked (`Survey.asked_at`).
        surveys_mark_asked(now=now, survey_pk=pilot.pk)
        _answer_all(pilot, PILOT_RESPONDENTS, PILOT_ANSWERS)
        # Then into the past, as if it had run for four weeks and closed a week ago.
        closed_on = today - timedelta(days=PILOT_CLOSED_DAYS_AGO)
        opened_on = closed_on - timedelta(weeks=PILOT_WEEKS_OPEN)
        Survey.objects.filter(pk=pilot.pk).update(
            opens_at=at_local_time(opened_on, time(9, 0), zone),
            closes_at=at_local_time(closed_on, time(17, 0), zone),
        )
        pilot.refresh_from_db()
        # As beat does once a survey closes: its sealed answers become its responses.
        ballots_open(pilot, now=now)
        Response.objects.filter(survey=pilot).update(submitted_on=opened_on + timedelta(days=3))
        # As the periodic task does once a survey closes: those it asked are counted.
        surveys_count_invited(now=now)
        pilot.refresh_from_db()

    pulse = _made(programme, PULSE)
    if pulse is None:
        opened_on = today - timedelta(days=PULSE_OPENED_DAYS_AGO)
        pulse = survey_from_template(
            programme=programme,
            template=PULSE,
            opens_at=at_local_time(opened_on, time(9, 0), zone),
            closes_at=at_local_time(opened_on + timedelta(days=PULSE_DAYS_OPEN), time(17, 0), zone),
        )
        surveys_mark_asked(now=now, survey_pk=pulse.pk)  # as beat does, once it opened
        _answer_all(pulse, PULSE_RESPONDENTS, PULSE_ANSWERS)
    return pilot, pulse
