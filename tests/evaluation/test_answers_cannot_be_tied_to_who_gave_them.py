"""Answers cannot be tied to who gave them, even from a copy of the database. PostgreSQL
stamps every row with the transaction that wrote it (the hidden `xmin`), and a dump lists
rows in the order they were written: a participation and the answers written with it would
line up. So while a survey is open, what a person answered waits sealed (a `Ballot`,
encrypted whole, written with their participation); once it has closed, all its ballots are
opened together, in one transaction and a random order, into responses that share nothing
with any participation. Results read after the close are complete and as given."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from evaluation.models import Answer, Ballot, Participation, Response, Survey
from evaluation.results import survey_results
from evaluation.services import ballots_open, survey_answer
from tests.concurrency import at_once, needs_postgresql
from tests.factories import (
    MentorFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
    close_survey,
)
from tests.migrations import migrate_to, migrate_to_latest, saved_as_then

pytestmark = pytest.mark.django_db

PEOPLE = 6
TIED = (
    "SELECT count(*) FROM evaluation_participation p JOIN {table} r "
    "ON p.xmin::text = r.xmin::text AND p.survey_id = r.survey_id WHERE p.survey_id = %s"
)


def tied(survey, table="evaluation_response") -> int:
    """How many (participation, row of `table`) pairs of the survey were written together."""
    with connection.cursor() as cursor:
        cursor.execute(TIED.format(table=table), [survey.pk])
        return cursor.fetchone()[0]


def raw(sql, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(programme=cast.programme, audience="mentors", min_group_size=3)
    survey.asks = add_one_question_of_each_kind(survey)
    return survey


def said_by(n: int) -> str:
    return f"Something only person {n} would say."


def given(survey, n: int) -> dict:
    asks = survey.asks
    return {
        asks["likert"].pk: n % 5 + 1,
        asks["single"].pk: n % 3,
        asks["multiple"].pk: [n % 2],
        asks["scale"].pk: n,
        asks["text"].pk: said_by(n),
    }


def everyone_answers(cast, survey, people=PEOPLE) -> list:
    mentors = [
        MentorFactory(programme=cast.programme, briefed=False).applicant for _ in range(people)
    ]
    for n, mentor in enumerate(mentors):
        survey_answer(survey=survey, person=mentor, answers=given(survey, n))
    return mentors


# --- while the survey is open -----------------------------------------------------------------


def test_while_a_survey_is_open_its_answers_are_sealed_and_none_can_be_read(cast, survey):
    everyone_answers(cast, survey)

    assert Participation.objects.filter(survey=survey).count() == PEOPLE
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(question__survey=survey).exists()
    stored = [
        row[0]
        for row in raw("SELECT sealed FROM evaluation_ballot WHERE survey_id = %s", [survey.pk])
    ]
    assert len(stored) == PEOPLE
    for token in stored:
        with pytest.raises(json.JSONDecodeError):
            json.loads(token)
        assert "mentor" not in token
        assert not any(said_by(n) in token for n in range(PEOPLE))
    # Opening is refused while it is open, and its results say only how many answered.
    assert ballots_open(survey) == 0
    assert Ballot.objects.filter(survey=survey).count() == PEOPLE
    results = survey_results(survey)
    assert [(rate.label, rate.answered) for rate in results.rates] == [("Mentors", PEOPLE)]
    assert all(item.withheld for item in results.questions)
    assert not Response.objects.filter(survey=survey).exists()


# --- once it has closed -----------------------------------------------------------------------


def test_the_results_of_a_closed_survey_are_every_answer_as_given(cast, survey):
    everyone_answers(cast, survey)
    close_survey(survey)

    results = survey_results(survey)  # opens the ballots: beat need not have run yet

    assert not Ballot.objects.filter(survey=survey).exists()
    assert [(rate.label, rate.answered) for rate in results.rates] == [("Mentors", PEOPLE)]
    by_kind = {item.question.kind: item for item in results.questions}
    assert all(item.answered == PEOPLE and not item.withheld for item in results.questions)
    [everyone] = by_kind["likert"].groups
    assert [count for _label, count in everyone.distribution] == [2, 1, 1, 1, 1]  # 1,2,3,4,5,1
    assert everyone.mean == round(sum(n % 5 + 1 for n in range(PEOPLE)) / PEOPLE, 1)
    [everyone] = by_kind["scale"].groups
    assert everyone.mean == round(sum(range(PEOPLE)) / PEOPLE, 1)
    [everyone] = by_kind["multiple"].groups
    assert [count for _label, count in everyone.distribution] == [3, 3]
    [everyone] = by_kind["text"].groups
    assert sorted(everyone.texts) == sorted(said_by(n) for n in range(PEOPLE))
    # Read again: the same, nothing opened twice.
    assert ballots_open(survey) == 0
    assert Response.objects.filter(survey=survey).count() == PEOPLE
    assert Answer.objects.filter(response__survey=survey).count() == PEOPLE * len(survey.asks)


def test_a_survey_closed_before_its_answers_were_opened_still_never_opens_again(cast, survey):
    everyone_answers(cast, survey, people=1)
    close_survey(survey)

    assert survey.reopening_refused(closes_at=timezone.now() + timedelta(days=7))


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_no_participation_shares_a_transaction_or_an_order_with_a_response(cast, survey):
    mentors = everyone_answers(cast, survey)
    # Each ballot was written with its participation, as the database can tell: which is
    # why it is sealed until the survey closes.
    assert tied(survey, "evaluation_ballot") == PEOPLE

    close_survey(survey)
    assert ballots_open(survey) == PEOPLE

    assert tied(survey) == 0
    assert raw(
        "SELECT count(DISTINCT xmin::text) FROM evaluation_response WHERE survey_id = %s",
        [survey.pk],
    ) == [(1,)]
    # Nor do the rows lie in the order people answered (1 in 6! = 720 that they would by
    # chance, for each of the two: the text answers and the responses).
    text_pk = survey.asks["text"].pk
    written = raw(
        "SELECT a.response_id FROM evaluation_answer a WHERE a.question_id = %s ORDER BY a.ctid",
        [text_pk],
    )
    texts = {a.response_id: a.text for a in Answer.objects.filter(question_id=text_pk)}
    in_order = [said_by(n) for n in range(len(mentors))]
    responses = raw(
        "SELECT id FROM evaluation_response WHERE survey_id = %s ORDER BY ctid", [survey.pk]
    )
    assert sorted(texts[pk] for (pk,) in written) == sorted(in_order)
    assert [texts[pk] for (pk,) in written] != in_order or [
        texts[pk] for (pk,) in responses
    ] != in_order


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_answer_saved_as_the_survey_closed_is_opened_with_all_the_others(cast, survey):
    """Saved after the others were opened (sent in the moment it closed): opened alone, its
    response would be the only one of its transaction, and its participation the only one
    written after the others' opening. Every response is made again with it instead."""
    everyone_answers(cast, survey)
    close_survey(survey)
    ballots_open(survey)
    opened_before = set(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    late = MentorFactory(programme=cast.programme, briefed=False).applicant
    Participation.objects.create(survey=survey, person=late)  # as survey_answer writes them
    Ballot.seal(
        survey=survey,
        role="mentor",
        submitted_on=timezone.localdate(),
        answers=given(survey, PEOPLE),
    ).save()

    assert ballots_open(survey) == 1

    assert raw(
        "SELECT count(DISTINCT xmin::text) FROM evaluation_response WHERE survey_id = %s",
        [survey.pk],
    ) == [(1,)]
    assert tied(survey) == 0
    now = set(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    assert len(now) == PEOPLE + 1
    assert not now & opened_before
    [text] = [item for item in survey_results(survey).questions if item.question.kind == "text"]
    [everyone] = text.groups
    assert sorted(everyone.texts) == sorted(said_by(n) for n in range(PEOPLE + 1))


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_processes_opening_a_survey_at_once_open_each_answer_once(cast, survey):
    everyone_answers(cast, survey)
    close_survey(survey)

    opened = at_once(lambda: ballots_open(survey), lambda: ballots_open(survey))

    assert sorted(opened) == [0, PEOPLE]
    assert not Ballot.objects.filter(survey=survey).exists()
    assert Response.objects.filter(survey=survey).count() == PEOPLE
    assert Answer.objects.filter(response__survey=survey).count() == PEOPLE * len(survey.asks)


def test_the_periodic_tasks_open_every_closed_survey_and_leave_open_ones_sealed(cast, survey):
    assert any(
        entry["task"] == "evaluation.tasks.closed_ballots_open"
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )
    everyone_answers(cast, survey, people=3)
    close_survey(survey)
    still_open = SurveyFactory(programme=cast.programme, audience="mentors")
    still_open.asks = add_one_question_of_each_kind(still_open)
    survey_answer(survey=still_open, person=cast.mentor, answers=given(still_open, 1))

    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)

    assert "open-closed-surveys-ballots: done" in out.getvalue()
    assert Response.objects.filter(survey=survey).count() == 3
    assert not Ballot.objects.filter(survey=survey).exists()
    assert Ballot.objects.filter(survey=still_open).count() == 1
    assert not Response.objects.filter(survey=still_open).exists()


# --- answers given before ballots -------------------------------------------------------------

BEFORE = [("evaluation", "0008_reminder_reasons_say_nothing_of_answers")]


def answered_the_old_way(survey, person, n):
    """As answering did before ballots: who and what in one transaction, in the tables as
    they were then."""
    with transaction.atomic():
        saved_as_then(BEFORE, Participation(survey=survey, person=person))
        response = saved_as_then(
            BEFORE, Response(survey=survey, role="mentor", submitted_on=timezone.localdate())
        )
        likert, text = survey.asks["likert"], survey.asks["text"]
        saved_as_then(BEFORE, Answer(response_id=response.pk, question=likert, number=n % 5 + 1))
        saved_as_then(BEFORE, Answer(response_id=response.pk, question=text, text=said_by(n)))


def as_given(survey) -> list[tuple]:
    # Only these columns: read at BEFORE too, where a column added since is not there yet.
    return sorted(
        Answer.objects.filter(response__survey=survey).values_list("question_id", "number", "text")
    )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_answers_given_before_ballots_are_sealed_or_shuffled_apart_from_who_gave_them(cast):
    # Made with today's columns, answered with those of before.
    surveys = []
    for _ in range(2):
        survey = SurveyFactory(programme=cast.programme, audience="mentors", min_group_size=3)
        survey.asks = add_one_question_of_each_kind(survey, required=False)
        survey.answering = [
            MentorFactory(programme=cast.programme, briefed=False).applicant for _ in range(4)
        ]
        surveys.append(survey)
    migrate_to(BEFORE)
    try:
        for survey in surveys:
            for n, mentor in enumerate(survey.answering):
                answered_the_old_way(survey, mentor, n)
        still_open, closed = surveys
        # Closed as `close_survey` does, in the columns this schema has (not `asked_at`).
        Survey.objects.filter(pk=closed.pk).update(closes_at=timezone.now())
        expected = as_given(closed)
        assert tied(still_open) == tied(closed) == 4  # the leak
    finally:
        migrate_to_latest()

    assert tied(closed) == 0
    assert as_given(closed) == expected
    assert not Ballot.objects.filter(survey=closed).exists()
    assert not Response.objects.filter(survey=still_open).exists()
    assert Ballot.objects.filter(survey=still_open).count() == 4
    assert tied(still_open, "evaluation_ballot") == 0

    close_survey(still_open)
    results = survey_results(Survey.objects.get(pk=still_open.pk))
    assert tied(still_open) == 0
    assert as_given(still_open) == sorted(
        (question.pk, number, text)
        for n in range(4)
        for question, number, text in [
            (still_open.asks["likert"], n % 5 + 1, ""),
            (still_open.asks["text"], None, said_by(n)),
        ]
    )
    texts = next(item for item in results.questions if item.question.kind == "text")
    assert sorted(texts.groups[0].texts) == sorted(said_by(n) for n in range(4))
