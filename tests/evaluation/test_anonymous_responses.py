"""Anonymous by construction: what a person answered is stored where nothing leads back to
them. A response has no link to a person, no time finer than the date and a random id; its
answers have random ids too, and their encrypted text carries the day, not the second; a
participation records only that someone answered, with no
date and no link to the response. And one person answering twice at once gets one response."""

import base64
import struct
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from evaluation.forms import SurveyForm
from evaluation.models import Answer, Ballot, Participation, Response
from evaluation.services import SurveyError, survey_answer
from tests.concurrency import needs_postgresql
from tests.factories import (
    MentorFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
    close_survey_and_open_ballots,
)

pytestmark = pytest.mark.django_db

DATE_AND_TIME = (models.DateField, models.TimeField, models.DurationField)
PEOPLE = 20
DAY = 24 * 60 * 60


def relations(model) -> dict[str, type]:
    return {
        field.name: field.related_model
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is not None
    }


def dated(model) -> list[models.Field]:
    return [field for field in model._meta.get_fields() if isinstance(field, DATE_AND_TIME)]


def answers(survey) -> dict:
    """A valid set of answers, as the form turns them into what the service takes."""
    asks = survey.asks
    data = {
        SurveyForm.name_for(asks["likert"]): "4",
        SurveyForm.name_for(asks["single"]): "0",
        SurveyForm.name_for(asks["multiple"]): ["1"],
        SurveyForm.name_for(asks["scale"]): "8",
        SurveyForm.name_for(asks["text"]): "It was worth every hour.",
    }
    form = SurveyForm(data, questions=list(survey.questions.all()))
    assert form.is_valid(), form.errors
    return form.answers


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(programme=cast.programme)
    survey.asks = add_one_question_of_each_kind(survey)
    return survey


# --- what the tables can hold -----------------------------------------------------------------


@pytest.mark.parametrize("model", [Response, Answer])
def test_a_response_and_its_answers_have_no_link_to_a_person(model):
    linked = relations(model)

    assert settings.AUTH_USER_MODEL not in {related._meta.label for related in linked.values()}, (
        linked
    )
    assert Participation not in linked.values()


def test_the_only_date_on_a_response_is_the_day_it_was_submitted():
    [field] = dated(Response)

    assert field.name == "submitted_on"
    assert type(field) is models.DateField  # not a DateTimeField, which is a DateField too


def test_answers_carry_no_date_at_all():
    assert dated(Answer) == []


@pytest.mark.parametrize("model", [Response, Answer])
def test_responses_and_answers_have_random_ids(model):
    pk = model._meta.pk

    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4


def test_a_participation_records_only_who_answered_which_survey():
    fields = {field.name for field in Participation._meta.get_fields()}

    assert fields == {"id", "survey", "person"}
    assert dated(Participation) == []
    assert Response not in relations(Participation).values()
    assert Answer not in relations(Participation).values()


# --- what answering writes --------------------------------------------------------------------


def test_answering_stores_the_role_and_the_date_and_nothing_of_the_person(survey, cast):
    survey_answer(survey=survey, person=cast.mentor, answers=answers(survey))
    close_survey_and_open_ballots(survey)

    stored = Response.objects.filter(survey=survey).values().get()
    assert set(stored) == {"id", "survey_id", "role", "submitted_on"}
    assert stored["role"] == "mentor"
    assert stored["submitted_on"] == timezone.localdate()
    assert list(Participation.objects.filter(survey=survey).values("survey_id", "person_id")) == [
        {"survey_id": survey.pk, "person_id": cast.mentor.pk}
    ]


def test_free_text_is_encrypted_with_the_day_it_was_written_not_the_second(survey, cast):
    """A Fernet token shows the time it was made to anyone with a copy of the database."""
    survey_answer(survey=survey, person=cast.mentor, answers=answers(survey))
    close_survey_and_open_ballots(survey)
    table = connection.ops.quote_name(Answer._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {table} WHERE question_id = %s", [survey.asks["text"].pk])
        (token,) = cursor.fetchone()

    made_at = struct.unpack(">Q", base64.urlsafe_b64decode(token)[1:9])[0]
    assert made_at % DAY == 0
    assert 0 <= time.time() - made_at < DAY
    assert "worth every hour" not in token
    assert Answer.objects.get(question=survey.asks["text"]).text == "It was worth every hour."


def test_responses_and_answers_are_not_kept_in_the_order_people_answered(survey):
    """Ids are random, so ordering by id (the only order a response has) shuffles them. For
    20 responses, the chance that it keeps the order they came in is 1 in 20! (about 4e-19):
    this cannot fail by chance."""
    mentors = [MentorFactory(programme=survey.programme).applicant for _ in range(PEOPLE)]
    submitted = []
    for n, mentor in enumerate(mentors):
        given = answers(survey)
        given[survey.asks["text"].pk] = f"Answer number {n}"
        survey_answer(survey=survey, person=mentor, answers=given)
        submitted.append(f"Answer number {n}")
    close_survey_and_open_ballots(survey)

    def texts(responses) -> list[str]:
        text = {a.response_id: a.text for a in Answer.objects.filter(question=survey.asks["text"])}
        return [text[pk] for pk in responses]

    by_id = list(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    assert sorted(texts(by_id)) == sorted(submitted)
    assert texts(by_id) != submitted
    # Nor do the answers to one question follow them.
    likert = survey.asks["likert"]
    answers_by_id = list(
        Answer.objects.filter(question=likert).order_by("pk").values_list("response_id", flat=True)
    )
    assert texts(answers_by_id) != submitted
    # The participations do follow the order people answered in: that is why nothing ties
    # a response to one.
    assert list(
        Participation.objects.filter(survey=survey).order_by("pk").values_list("person", flat=True)
    ) == [mentor.pk for mentor in mentors]


# --- one person, two submissions at the same moment --------------------------------------------


def submit_twice_at_once(survey, person, given) -> list:
    """The person's answers sent from two threads, each with its own database connection,
    released together. Returns what each got: the response, or the SurveyError."""
    start = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            start.wait(timeout=10)
            outcomes.append(survey_answer(survey=survey, person=person, answers=given))
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a submission never finished"
    return outcomes


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_two_submissions_at_once_by_one_person_give_one_response(cast, attempt):
    survey = SurveyFactory(programme=cast.programme)
    survey.asks = add_one_question_of_each_kind(survey)

    outcomes = submit_twice_at_once(survey, cast.mentor, answers(survey))

    recorded = [outcome for outcome in outcomes if isinstance(outcome, Ballot)]
    refused = [outcome for outcome in outcomes if not isinstance(outcome, Ballot)]
    assert len(recorded) == 1, outcomes
    [error] = refused
    assert isinstance(error, SurveyError), repr(error)
    assert str(error) == "You have already answered this survey. Thank you."
    assert Participation.objects.filter(survey=survey).count() == 1
    close_survey_and_open_ballots(survey)
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == len(survey.asks)
