"""A question's options become the answers respondents read: at most 20 of them, each up to
150 characters. The limits are stated beside the field, a question past them is refused
with the reason at the field and nothing saved, and the database refuses more than 20
options (or anything but a list) whatever writes them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluation.models import MAX_OPTION_LENGTH, MAX_OPTIONS, Question
from tests.admin_pages import as_a_browser_posts, signed_in_for_real, words
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

LIMITS = "one option per line, from 2 up to 20, each up to 150 characters."
TOO_MANY = "A question can offer up to 20 options. Please remove some."

office = signed_in_for_real("coordinator")


def with_a_new_question(office, survey, options: list[str]) -> dict:
    """The survey's change form as posted, with one more question offering `options`."""
    url = reverse("admin:evaluation_survey_change", args=[survey.pk])
    data = as_a_browser_posts(office.get(url))
    n = data["questions-TOTAL_FORMS"]
    data |= {
        "questions-TOTAL_FORMS": n + 1,
        f"questions-{n}-survey": survey.pk,
        f"questions-{n}-position": n,
        f"questions-{n}-text": "Which session helped most?",
        f"questions-{n}-help_text": "",
        f"questions-{n}-kind": "multiple",
        f"questions-{n}-choices": "\n".join(options),
        f"questions-{n}-required": "on",
    }
    return data


def test_the_options_field_states_its_limits(office, cast):
    survey = SurveyFactory(programme=cast.programme, opens_at=timezone.now() + timedelta(days=3))
    QuestionFactory(survey=survey, kind="single", choices=["Yes", "No"])

    page = office.get(reverse("admin:evaluation_survey_change", args=[survey.pk]))

    assert LIMITS in words(page.content.decode())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([f"Session {n}" for n in range(1, MAX_OPTIONS + 2)], TOO_MANY),
        (
            ["Yes", "N" + "o" * MAX_OPTION_LENGTH, "Maybe"],
            "Each option can be up to 150 characters long. Please shorten option 2 "
            "(“Nooooooooooooooooooooooooooooooooooooooo…”).",
        ),
        (
            ["A" * (MAX_OPTION_LENGTH + 1), "B", "C" * (MAX_OPTION_LENGTH + 1)],
            "Each option can be up to 150 characters long. Please shorten options 1 "
            f"(“{'A' * 40}…”) and 3 (“{'C' * 40}…”).",
        ),
    ],
    ids=["too many", "one too long", "two too long"],
)
def test_options_past_the_limits_are_refused_at_the_field_and_nothing_is_saved(
    office, cast, options, message
):
    survey = SurveyFactory(programme=cast.programme)
    url = reverse("admin:evaluation_survey_change", args=[survey.pk])

    page = office.post(url, with_a_new_question(office, survey, options))

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "There is a problem" in shown
    assert shown.count(message) == 2  # in the summary at the top, and at the field
    errors = page.context["inline_admin_formsets"][0].formset.forms[-1].errors
    assert errors == {"choices": [message]}
    assert not survey.questions.exists()


def test_options_at_the_limits_are_saved(office, cast):
    # To open tomorrow: a first question for an open survey is asked about first.
    survey = SurveyFactory(programme=cast.programme, opens_at=timezone.now() + timedelta(days=1))
    url = reverse("admin:evaluation_survey_change", args=[survey.pk])
    options = [f"{n:02} " + "x" * (MAX_OPTION_LENGTH - 3) for n in range(MAX_OPTIONS)]

    response = office.post(url, with_a_new_question(office, survey, options))

    assert response.status_code == 302
    assert survey.questions.get().choices == options


def test_the_database_refuses_more_than_20_options(cast):
    survey = SurveyFactory(programme=cast.programme)
    QuestionFactory(survey=survey, kind="single", choices=["Yes", "No"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.update(choices=[str(n) for n in range(MAX_OPTIONS + 1)])
    Question.objects.update(choices=[str(n) for n in range(MAX_OPTIONS)])  # 20 is fine


@pytest.mark.parametrize("value", [{"a": 1}, "Yes", 3])
def test_the_database_refuses_options_that_are_not_a_list(cast, value):
    survey = SurveyFactory(programme=cast.programme)
    QuestionFactory(survey=survey, kind="single", choices=["Yes", "No"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.update(choices=value)
