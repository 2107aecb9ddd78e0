"""Survey results that protect each person: groups below the minimum are withheld.

The rules, in one place:
- A question's results are shown only when at least `minimum` people answered it.
- Mentors' and board members' answers to a question are shown apart only when each group's
  answers reach the minimum (their rates, as below), so a withheld group can never be worked
  out by subtracting a shown group from the total.
- Free text is shown only at or above the minimum, in a random order.
- Nothing but the response rate is shown until the survey has closed.
- A group asked fewer than `minimum` people has no rate of its own (one or two people at
  0% or 100% would say whether they answered): the groups are counted together as
  "Everyone asked" (`_rates_shown`). Which groups are shown apart is decided from those
  asked when the survey opened (`Survey.invited_at_opening`, counted before anyone could
  answer) as well as from today's: a group withheld at opening stays withheld for the
  survey's life, so adding someone who has not answered never turns "fewer than 3" into
  "3 asked, 2 answered".
- Where "Everyone asked" stands in for a withheld group, its rate says how many answered only
  when at least `minimum` of those asked at opening answered and at least `minimum` did not,
  in the worst case for the people asked since (`answered_shown`): "4 of 4" would say that
  each withheld board member answered. Otherwise the rate is withheld, with one reason
  whichever way it fell short (`WITHHELD`), so that a withheld rate never means "all
  answered". This holds for the rates only: once the survey has closed, each question's
  results still say how many answered it (`question_result`), which can say that everyone
  asked, a withheld group included, answered a required question (a known limit). The office's
  confirmation of closing a survey says it as the results do (`answered_in_all`), and a
  survey whose results may withhold it reminds everyone it asks, answered or not
  (`withholds_how_many_answered`): the office's count of its reminders would tell it.
- A closed survey's sealed answers are opened before its results are read
  (`evaluation.services.surveys_ballots_open`), so they are complete the moment it closes.
- Those invited are the people the survey asks: today's while it is open, and as counted
  when it closed once it has (`invited_by_role`), so a closed survey's rate stays put.
"""

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count
from django.utils import timezone

from evaluation.audience import (
    Counted,
    answered_by_role,
    invited_by_role,
    people_counted,
    surveys_sealed_roles,
)
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


def large_enough(group: int, *, minimum: int) -> bool:
    """The minimum group size rule: a figure drawn from what a group gave (the answers to a
    question, or the action steps pairs recorded: `evaluation.report`) is shown only when at
    least `minimum` gave to it, so that no one's can be told apart."""
    return group >= minimum


def question_result(
    question: Question, by_role: dict[str, list], *, minimum: int, roles: list[str]
) -> QuestionResult:
    """The result of one question from its answers by role, under the rules above."""
    everyone = [value for role in roles for value in by_role.get(role, [])]
    result = QuestionResult(question=question, answered=len(everyone))
    if not large_enough(len(everyone), minimum=minimum):
        result.withheld = (
            f"Fewer than {minimum} people answered this question, so its results are "
            "withheld to protect them."
        )
        return result
    result.groups.append(_group("Everyone", question, everyone))
    if len(roles) > 1:
        if all(large_enough(len(by_role.get(role, [])), minimum=minimum) for role in roles):
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
    while it is open, its responses' once closed (all opened by then). Read with its count
    at opening (`_opening_counts_read`)."""
    invited = invited_by_role(survey, Counter(answered), people=people)
    at_opening = survey.invited_at_opening_or(invited)
    return _rates_shown(
        [
            (Rate(Role(role).label, invited[role], answered.get(role, 0)), at_opening[role])
            for role in survey.roles
        ],
        minimum=survey.min_group_size,
    )


def _opening_counts_read(surveys: list[Survey], *, now) -> None:
    """Read again the count at opening (`Survey.invited_at_opening`) of each open survey
    given without one, after its answers have been read: an answer keeps it, in its own
    transaction, before its ballot, so one read with the survey before that answer came
    would lack it. One query, none when every survey has its count or has closed."""
    missing = {
        survey.pk: survey
        for survey in surveys
        if survey.invited_at_opening is None and now < survey.closes_at
    }
    if not missing:
        return
    rows = Survey.objects.filter(pk__in=list(missing)).values_list(
        "pk", "asked_at", "invited_mentors_at_opening", "invited_board_members_at_opening"
    )
    for pk, asked_at, mentors, board_members in rows:
        survey = missing[pk]
        survey.asked_at = asked_at
        survey.invited_mentors_at_opening = mentors
        survey.invited_board_members_at_opening = board_members


EVERYONE_ASKED = "Everyone asked"


# Why how many answered in all is not said, as the results and the admin's confirmations say
# it: one reason, whichever way the count fell short, so that it says nothing of the answers.
WITHHELD = (
    "it is said only when at least {minimum} of those the survey asked when it opened have "
    "answered and at least {minimum} have not, so that the response rate never tells whether "
    "someone answered"
)


def answered_shown(*, invited: int, answered: int, minimum: int, added: int = 0) -> int | None:
    """How many answered in all, where that rate stands in for a group withheld: said only
    when at least `minimum` answered and at least `minimum` did not, else withheld (None).
    "4 of 4" would say that each of a withheld group answered, and "0 of 4" that none did.
    Of the `added` people asked since the survey opened the office may know whether they
    answered (it may have added them to learn just that): the band is kept whatever they
    did, counting none of them either way."""
    if answered - added >= minimum and invited - answered - added >= minimum:
        return answered
    return None


def groups_shown_apart(counts: list[tuple[int, int]], *, minimum: int) -> bool:
    """Whether the results show each group's rate apart: every group asked at least `minimum`
    people, both as counted now and when the survey opened (each group's pair of counts).
    Else "Everyone asked" stands in for them (`_rates_shown`)."""
    return all(now >= minimum and opened >= minimum for now, opened in counts)


def withholds_how_many_answered(survey: Survey, asked: Mapping[str, int]) -> bool:
    """Whether the survey's results may withhold how many answered in all: whenever
    "Everyone asked" stands in for a group (`groups_shown_apart`), judged from how many it
    asks in each role today (`asked`) and its count at opening (today's standing in until
    it has one, `Survey.invited_at_opening_or`, as for its rates). Whether they then
    withhold it turns on the answers (`answered_shown`), so what must tell no more than the
    results (whom its reminders go to: `evaluation.reminders.reminds_everyone`) reads it as
    though they do: decided from the counts alone, the decision says nothing of who
    answered. No query.

    `asked` may count fewer than the results do (they also count those who left while it
    was open, and never fewer than answered), never more: read from it, a group the results
    show apart may be taken as withheld (its reminders then go to more people than needed),
    never the other way round."""
    at_opening = survey.invited_at_opening_or(asked)
    return not groups_shown_apart(
        [(asked.get(role, 0), at_opening.get(role, 0)) for role in survey.roles],
        minimum=survey.min_group_size,
    )


def _rates_shown(rates: list[tuple[Rate, int]], *, minimum: int) -> list[Rate]:
    """Each group's rate when every group was asked at least `minimum` people, both when the
    survey opened (the number beside each rate) and as counted now; else one rate for
    everyone asked (a group shown beside the total would give the other away by
    subtraction), how many answered in it said only as `answered_shown` allows. A group
    withheld at opening stays withheld for the survey's life: brought out by one person
    added who had not answered, "3 asked, 2 answered" would say that the two asked before
    both had."""
    if groups_shown_apart([(rate.invited, opened) for rate, opened in rates], minimum=minimum):
        return [rate for rate, _opened in rates]
    invited = sum(rate.invited for rate, _opened in rates)
    answered = answered_shown(
        invited=invited,
        answered=sum(rate.answered for rate, _opened in rates),
        minimum=minimum,
        added=sum(max(0, rate.invited - opened) for rate, opened in rates),
    )
    if answered is not None:
        return [Rate(EVERYONE_ASKED, invited, answered)]
    withheld = f"Not shown: {WITHHELD.format(minimum=minimum)}."
    return [Rate(EVERYONE_ASKED, invited, None, withheld=withheld)]


def answered_in_all(survey: Survey) -> int | None:
    """How many have answered the survey in all, as its results say it (the sum of its
    rates), or None where they withhold it: for the office's confirmations (closing the
    survey), which tell no more than its results page."""
    answered = dict(answered_by_role(survey))
    _opening_counts_read([survey], now=timezone.now())
    rates = _rates(survey, answered, None)
    if any(rate.answered is None for rate in rates):
        return None
    return sum(rate.answered for rate in rates)


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
    _opening_counts_read(surveys, now=now)
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
