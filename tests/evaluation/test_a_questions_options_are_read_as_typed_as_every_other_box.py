"""A question's options box reads what is pasted into it as every other box does
(accounts.bounds.as_typed): a NUL character, which PostgreSQL refuses, is refused beside the
box in the site's usual words with nothing saved, rather than a server error that loses what
was typed; the control characters nobody types are dropped, and a line break pasted from an
office app (a vertical tab) starts a new option."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import NUL_REFUSED
from evaluation.models import Survey
from tests.admin_pages import change_url, signed_in_for_real, words
from tests.surveys import coming_survey, form_data, new_survey

pytestmark = pytest.mark.django_db

ADD = reverse("admin:evaluation_survey_add")
REFUSED = NUL_REFUSED

office = signed_in_for_real("coordinator")


@pytest.mark.parametrize("options", ["Once\n2 or 3 times\x00", "Once\x00\n2 or 3 times"])
def test_a_nul_character_in_a_one_choice_questions_options_is_refused_beside_the_box(
    office, cast, options
):
    """Options copied from another document, a stray NUL in them, into a survey still to
    come: the page comes back with the message, and the question is as it was."""
    survey = coming_survey(cast)
    before = list(survey.questions.values_list("pk", "choices"))
    data = form_data(survey)
    data["questions-1-choices"] = options
    office.raise_request_exception = False

    page = office.post(change_url(survey), data)

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "There is a problem" in shown
    assert shown.count(REFUSED) == 2  # in the summary at the top, and beside the box
    assert list(survey.questions.values_list("pk", "choices")) == before


def test_a_nul_character_in_a_new_surveys_several_choices_is_refused_and_nothing_saved(
    office, cast
):
    typed = new_survey(
        cast,
        timezone.now() + timedelta(days=3),
        **{"questions-0-kind": "multiple", "questions-0-choices": "Listening\x00\nReading"},
    )
    office.raise_request_exception = False

    page = office.post(ADD, typed)

    assert page.status_code == 200
    assert words(page.content.decode()).count(REFUSED) == 2
    assert not Survey.objects.exists()


def test_control_characters_nobody_types_are_dropped_and_a_pasted_line_break_parts_options(
    office, cast
):
    survey = coming_survey(cast)
    data = form_data(survey)
    data["questions-1-choices"] = "Once\x1b\x0b2 or 3 times\r\n4 times\x07 or more"

    page = office.post(change_url(survey), data)

    assert page.status_code == 302
    question = survey.questions.get(position=1)
    assert question.choices == ["Once", "2 or 3 times", "4 times or more"]
