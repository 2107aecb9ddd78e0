"""A 0 to 10 question with an error marks its radios invalid and keeps its help (what 0 and
10 mean) among what a screen reader hears, as every other question does."""

import re

import pytest
from django.urls import reverse

from evaluation.forms import SurveyForm
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _url(survey) -> str:
    return reverse("survey_answer", args=[survey.pk])


def _name(question) -> str:
    return SurveyForm.name_for(question)


def test_a_0_to_10_question_with_an_error_is_marked_invalid_and_keeps_its_help(client, cast):
    survey = SurveyFactory(programme=cast.programme, title="Pulse")
    scale = QuestionFactory(
        survey=survey,
        kind="scale",
        text="How confident are you raising race at work?",
        help_text="0 is not at all, 10 is completely.",
    )
    client.force_login(cast.mentor)

    html = client.post(_url(survey), {"action": "check"}).content.decode()

    fieldset = re.search(rf"<fieldset[^>]*div_id_question_{scale.pk}[^>]*>", html).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', fieldset).group(1).split()
    # The help says what 0 and 10 mean: a screen reader hears it with the error, as for
    # the other questions (crispy's radios say both).
    assert f"id_{_name(scale)}_helptext" in described
    assert f"id_{_name(scale)}_error" in described
    radios = re.findall(rf'<input type="radio"[^>]*name="{_name(scale)}"[^>]*>', html)
    assert len(radios) == 11
    assert all('aria-invalid="true"' in radio for radio in radios)
