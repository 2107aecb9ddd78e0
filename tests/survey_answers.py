"""Answering a survey at /surveys/<id>/, for the tests that answer one: a survey asking one
question of each kind (`survey_of_each_kind`, a fixture for a module to name), its page
(`url`), a full set of answers as the form posts them (`answers`, `field`), and asking to
check them (`check`)."""

import pytest
from django.urls import reverse

from evaluation.forms import SurveyForm
from tests.factories import SurveyFactory, add_one_question_of_each_kind

# What the written answer says, unless a test types something else.
TYPED = "More time between meetings, and a second briefing halfway through."


def survey_of_each_kind():
    """A fixture for a module to name: a survey of the cast's programme (minimum 5) asking
    one question of each kind (`survey = survey_of_each_kind()`)."""

    @pytest.fixture
    def fixture(cast):
        survey = SurveyFactory(
            programme=cast.programme,
            title="Pilot evaluation",
            introduction="This helps us decide how the programme continues.",
            min_group_size=5,
        )
        survey.asks = add_one_question_of_each_kind(survey)
        return survey

    return fixture


def field(question) -> str:
    """The name of `question`'s box in the survey's form."""
    return SurveyForm.name_for(question)


def answers(survey, **changes) -> dict:
    """A full, valid set of answers as the form posts them; `changes` by question kind
    (None leaves the question out)."""
    asks = survey.asks
    data = {
        field(asks["likert"]): "4",
        field(asks["single"]): "1",
        field(asks["multiple"]): ["0", "1"],
        field(asks["scale"]): "9",
        field(asks["text"]): TYPED,
    }
    for kind, value in changes.items():
        if value is None:
            del data[field(asks[kind])]
        else:
            data[field(asks[kind])] = value
    return data


def url(survey) -> str:
    """The page where `survey` is answered."""
    return reverse("survey_answer", args=[survey.pk])


def check(client, survey, **changes):
    """`client` asks to check their answers (`answers`, with `changes`) before submitting."""
    return client.post(url(survey), {**answers(survey, **changes), "action": "check"})
