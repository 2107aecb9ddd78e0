"""The survey list's action "Copy the selected surveys" makes every copy, and all their
questions, at once (`surveys_copy`): it costs the same number of queries for two surveys as
for eight, and each copy still has its own original's questions, in their order."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import Survey
from tests.admin_pages import signed_in_for_real
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

SURVEYS = reverse("admin:evaluation_survey_changelist")


def surveys_in(cast, how_many: int, name: str) -> list[Survey]:
    """`how_many` surveys of the pilot, each asking two questions of its own."""
    surveys = [
        SurveyFactory(programme=cast.programme, title=f"{name} {number}")
        for number in range(how_many)
    ]
    for survey in surveys:
        QuestionFactory(survey=survey, text=f"First about {survey.title}.")
        QuestionFactory(survey=survey, text=f"Second about {survey.title}.")
    return surveys


def copy(client, surveys: list[Survey]):
    return client.post(
        SURVEYS, {"action": "copy_surveys", "_selected_action": [s.pk for s in surveys]}
    )


def queries_to_copy(client, surveys: list[Survey]) -> int:
    """How many queries copying `surveys` costs (the copies then undone)."""
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = copy(client, surveys)
        transaction.set_rollback(True)
    assert response.status_code == 302
    return len(captured)


def test_copying_surveys_costs_the_same_for_two_as_for_eight(office, cast):
    two, eight = surveys_in(cast, 2, "Two"), surveys_in(cast, 8, "Eight")

    assert queries_to_copy(office, eight) == queries_to_copy(office, two)


def test_each_copy_made_at_once_asks_its_own_originals_questions(office, cast):
    originals = surveys_in(cast, 3, "Pulse")

    copy(office, originals)

    for original in originals:
        made = Survey.objects.get(title=f"{original.title} (copy)")
        assert [q.text for q in made.questions.all()] == [q.text for q in original.questions.all()]
