"""Survey results that protect each person: groups below the minimum are withheld.

The rules, in one place:
- A question's results are shown only when at least `minimum` people answered it.
- Mentors and board members are shown apart only when both groups reach the minimum, so a
  withheld group can never be worked out by subtracting a shown group from the total.
- Free text is shown only at or above the minimum, in a random order.
- Nothing but the response rate is shown until the survey has closed.
- A group asked fewer than `minimum` people has no rate of its own (one or two people at
  0% or 100% would say whether they answered): the groups are counted together, and the
  count is withheld when even everyone asked is fewer (`_rates_shown`).
- A closed survey's sealed answers are opened before its results are read
  (`evaluation.services.surveys_ballots_open`), so they are complete the moment it closes.
- Those invited are the people the survey asks: today's while it is open, and as counted
  when it closed once it has (`invited_by_role`), so a closed survey's rate stays put.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count
from django.utils import timezone

from evaluation.audience import Counted, invited_by_role, people_counted, surveys_sealed_roles
from evaluation.models import Answer, Question, QuestionKind, Response, Role, Survey
from evaluation.services import surveys_ballots_open

NUMERIC = [QuestionKind.LIKERT, QuestionKind.SCALE]


@dataclass
class Group:
    label: str
    count: int
    distribution: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def most(self) -> int:
        return max((n for _label, n in self.distribution), default=0)


@dataclass
class QuestionResult:
    question: Question
    answered: int
    groups: list[Group] = field(default_factory=list)
    withheld: str = ""
    note: str = ""


@dataclass
class Rate:
    label: str
    invited: int
    answered: int | None  # None: withheld
    withheld: str = ""

    @property
    def percent(self) -> int | None:
        if self.answered is None or not self.invited:
            return None
        return round(100 * self.answered / self.invited)


@dataclass
class SurveyResults:
    """A survey's rates and each question's result. What holds for every question is also
    given once for the survey (`withheld`, `note`), for pages to say it once above the
    questions rather than under each; each question keeps its own, for the CSV."""

    survey: Survey
    rates: list[Rate]
    questions: list[QuestionResult]
    withheld: str = ""  # why every question is withheld, when one reason holds for them all
    note: str = ""  # a note that holds for every question shown


def _group(label: str, question: Question, values: list) -> Group:
    group = Group(label=label, count=len(values))
    if question.kind == QuestionKind.TEXT:
        texts = [value for value in values if value]
        random.SystemRandom().shuffle(texts)
        group.texts = texts
        return group
    if question.kind == QuestionKind.MULTIPLE:
        counts = Counter(pick for picks in values for pick in picks)
    else:
        counts = Counter(values)
    group.distribution = [(option, counts.get(stored, 0)) for stored, option in question.options]
    if question.kind in NUMERIC and values:
        group.mean = round(mean(values), 1)
    return group


def question_result(
    question: Question, by_role: dict[str, list], *, minimum: int, roles: list[str]
) -> QuestionResult:
    """The result of one question from its answers by role, under the rules above."""
    everyone = [value for role in roles for value in by_role.get(role, [])]
    result = QuestionResult(question=question, answered=len(everyone))
    if len(everyone) < minimum:
        result.withheld = (
            f"Fewer than {minimum} people answered this question, so its results are "
            "withheld to protect them."
        )
        return result
    result.groups.append(_group("Everyone", question, everyone))
    if len(roles) > 1:
        if all(len(by_role.get(role, [])) >= minimum for role in roles):
            result.groups += [
                _group(Role(role).label, question, by_role.get(role, [])) for role in roles
            ]
        else:
            result.note = (
                f"Mentors and board members are not shown apart: one of the groups is smaller "
                f"than {minimum}."
            )
    return result


def said_once(questions: list[QuestionResult], *, minimum: int) -> tuple[str, str]:
    """What holds for every question of a closed survey, to say once for the survey rather
    than under each: why all are withheld (too few answered each one), and the note on how
    every question shown is grouped. Empty where the questions differ."""
    if questions and all(item.withheld for item in questions):
        withheld = (
            f"Each question was answered by fewer than {minimum} people, so all the results "
            "are withheld to protect them."
        )
        return withheld, ""
    notes = {item.note for item in questions if not item.withheld}
    return "", notes.pop() if len(notes) == 1 else ""


def _value(question: Question, answer: dict):
    if question.kind == QuestionKind.TEXT:
        return answer["text"]
    if question.kind == QuestionKind.MULTIPLE:
        return answer["picks"] or []
    return answer["number"]


def still_open(survey: Survey) -> str:
    """Results wait for the survey to close: watching them change as each answer arrives
    (with the date a person was last reminded) could tell whose answer it was."""
    return (
        f"Results are shown once the survey closes ({survey.closes_in_words()}): watching "
        "them change as "
        "each answer arrives could tell whose answer it was."
    )


def _rates(survey: Survey, answered: dict[str, int], people: Counted | None) -> list[Rate]:
    """The survey's rates from how many answered in each role: its sealed ballots' roles
    while it is open, its responses' once closed (all opened by then)."""
    invited = invited_by_role(survey, Counter(answered), people=people)
    return _rates_shown(
        [Rate(Role(role).label, invited[role], answered.get(role, 0)) for role in survey.roles],
        minimum=survey.min_group_size,
    )


EVERYONE_ASKED = "Everyone asked"


WITHHELD = "fewer than {minimum} people were asked, so how many answered could say who did"


def answered_shown(*, invited: int, answered: int, minimum: int) -> int | None:
    """How many answered, as the office may be told it anywhere (the results, the survey's
    confirmations): withheld (None) when fewer than `minimum` were asked in all."""
    return answered if invited >= minimum else None


def _rates_shown(rates: list[Rate], *, minimum: int) -> list[Rate]:
    """Each group's rate when every group was asked at least `minimum` people; else one
    rate for everyone asked (a group shown beside the total would give the other away by
    subtraction), withheld when even that is fewer than `minimum`."""
    if all(rate.invited >= minimum for rate in rates):
        return rates
    invited = sum(rate.invited for rate in rates)
    answered = answered_shown(
        invited=invited, answered=sum(rate.answered for rate in rates), minimum=minimum
    )
    if answered is not None:
        return [Rate(EVERYONE_ASKED, invited, answered)]
    withheld = f"Not shown: {WITHHELD.format(minimum=minimum)}."
    return [Rate(EVERYONE_ASKED, invited, None, withheld=withheld)]


def survey_results(survey: Survey) -> SurveyResults:
    """Rates and every question's result of one survey (`surveys_results`)."""
    return surveys_results([survey])[0]


def surveys_results(surveys: list[Survey]) -> list[SurveyResults]:
    """Rates and every question's result of each survey, in the order given, in a fixed
    number of queries whatever the number of surveys. While a survey is open only the rates
    are given (see `still_open`); once it has closed, its sealed answers are opened first, if
    beat has not yet (`surveys_ballots_open`)."""
    now = timezone.now()
    surveys_ballots_open(surveys, now=now)
    closed = [survey for survey in surveys if now >= survey.closes_at]
    questions: dict[int, list[Question]] = {survey.pk: [] for survey in surveys}
    for question in Question.objects.filter(survey__in=list(questions)):
        questions[question.survey_id].append(question)
    # While a survey is open its answers are all still sealed: only their roles are read.
    sealed = surveys_sealed_roles([survey for survey in surveys if now < survey.closes_at])
    answered = {pk: dict(Counter(roles)) for pk, roles in sealed.items()} | _answered(closed)
    # Whom a survey not counted when it closed asks is read from its programme's people.
    people = {
        programme_id: people_counted(programme_id)
        for programme_id in {
            survey.programme_id for survey in surveys if survey.invited_at_close is None
        }
    }
    by_question = _answers_by_question(closed, questions)
    results = []
    for survey in surveys:
        rates = _rates(survey, answered[survey.pk], people.get(survey.programme_id))
        if now < survey.closes_at:
            results.append(
                SurveyResults(
                    survey=survey,
                    rates=rates,
                    questions=[
                        QuestionResult(question=question, answered=0, withheld=still_open(survey))
                        for question in questions[survey.pk]
                    ],
                    withheld=still_open(survey),
                )
            )
            continue
        minimum = survey.min_group_size
        items = [
            question_result(question, by_question[question.pk], minimum=minimum, roles=survey.roles)
            for question in questions[survey.pk]
        ]
        withheld, note = said_once(items, minimum=minimum)
        results.append(
            SurveyResults(survey=survey, rates=rates, questions=items, withheld=withheld, note=note)
        )
    return results


def _answered(closed: list[Survey]) -> dict[int, dict[str, int]]:
    """How many responded in each role to each closed survey, by survey id: one query."""
    answered: dict[int, dict[str, int]] = {survey.pk: {} for survey in closed}
    rows = (
        Response.objects.filter(survey__in=list(answered))
        .values_list("survey_id", "role")
        .annotate(n=Count("id"))
        .values_list("survey_id", "role", "n")
        .order_by()
    )
    for survey_id, role, n in rows:
        answered[survey_id][role] = n
    return answered


def _answers_by_question(
    closed: list[Survey], questions: dict[int, list[Question]]
) -> dict[int, dict[str, list]]:
    """Each answer to a question of the closed surveys, as a value, by question id and the
    role of who gave it: one query."""
    kinds = {question.pk: question for survey in closed for question in questions[survey.pk]}
    by_question: dict[int, dict[str, list]] = {pk: {} for pk in kinds}
    answers = Answer.objects.filter(response__survey__in=closed).values(
        "question_id", "response__role", "number", "picks", "text"
    )
    for answer in answers:
        question = kinds[answer["question_id"]]
        by_question[question.pk].setdefault(answer["response__role"], []).append(
            _value(question, answer)
        )
    return by_question


def results_csv_rows(results: SurveyResults) -> list[list]:
    """The aggregates only: one row per question, group and option; never an answer."""
    rows = [["question", "group", "answered", "option", "count", "mean"]]
    for item in results.questions:
        if item.withheld:
            rows.append([item.question.text, "withheld", "", "", "", ""])
            continue
        for group in item.groups:
            if item.question.kind == QuestionKind.TEXT:
                rows.append([item.question.text, group.label, group.count, "free text", "", ""])
                continue
            for option, count in group.distribution:
                rows.append(
                    [
                        item.question.text,
                        group.label,
                        group.count,
                        option,
                        count,
                        "" if group.mean is None else group.mean,  # a mean of 0 is a mean
                    ]
                )
    return rows
