"""Every box of text drops the control characters nobody types as it reads them
(accounts.bounds.as_typed: tests/accounts/test_control_characters_nobody_types_are_dropped_
from_every_box.py). The survey's written answer, which the office reads word for word and
exports, kept them: an escape pasted from a terminal, a vertical tab from PowerPoint. It is
read by the same rule, before its limit is counted; NUL is still refused beside it
(tests/evaluation/test_answering_surveys.py)."""

import pytest

from accounts.bounds import NUL_REFUSED
from evaluation.forms import SurveyForm
from evaluation.models import MAX_TEXT_ANSWER
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(cast):
    return QuestionFactory(
        survey=SurveyFactory(programme=cast.programme), kind="text", required=False
    )


def _answer(question, typed: str) -> SurveyForm:
    return SurveyForm({SurveyForm.name_for(question): typed}, questions=[question])


def test_a_written_survey_answer_is_read_as_typed_as_every_other_box(question):
    form = _answer(question, "More time\x1b[0m with the board.")

    assert form.is_valid(), form.errors
    assert form.answers[question.pk] == "More time[0m with the board."


def test_a_line_break_pasted_as_a_vertical_tab_is_a_line_break(question):
    form = _answer(question, "More time.\x0bA second briefing.\r\nThanks.")

    assert form.is_valid(), form.errors
    assert form.answers[question.pk] == "More time.\nA second briefing.\nThanks."


def test_what_is_dropped_does_not_count_against_the_limit(question):
    form = _answer(question, "x" * MAX_TEXT_ANSWER + "\x1b" * 5)

    assert form.is_valid(), form.errors
    assert form.answers[question.pk] == "x" * MAX_TEXT_ANSWER


def test_a_nul_character_is_still_refused_beside_it(question):
    form = _answer(question, "Fine\x00")

    assert not form.is_valid()
    assert form.errors[SurveyForm.name_for(question)] == [NUL_REFUSED]
