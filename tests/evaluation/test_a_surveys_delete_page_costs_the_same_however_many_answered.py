"""The page before deleting a survey costs the same number of queries with two answers as
with ten, whether the survey is still open (each answer sealed, beside a record that its
person answered) or closed (each answer opened into a response): what it lists by name is
read for all the rows of a kind at once (`str_reads`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Survey
from evaluation.services import ballots_open, survey_answer
from mentoring.models import MatchStatus
from tests.admin_pages import signed_in_for_real
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

superuser = signed_in_for_real("superuser")


def answered_by(survey: Survey, programme, how_many: int) -> None:
    """`how_many` mentors of new pairs in `programme` answered each question of `survey`."""
    questions = list(survey.questions.all()) or [
        QuestionFactory(survey=survey),
        QuestionFactory(survey=survey, kind="text"),
    ]
    for _ in range(how_many):
        pair = MatchFactory(
            mentor=MentorFactory(programme=programme),
            board_member=BriefedBoardMemberFactory(programme=programme),
            status=MatchStatus.ACTIVE,
        )
        answers = {
            question.pk: 4 if question.kind == "likert" else "Useful." for question in questions
        }
        survey_answer(survey=survey, person=pair.mentor.applicant, answers=answers)


def closed(survey: Survey) -> Survey:
    """Closed, its answers opened into responses (`ballots_open`)."""
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save(update_fields=["closes_at"])
    ballots_open(survey)
    return survey


def delete_page_queries(client, survey: Survey) -> int:
    return queries_for(client, reverse("admin:evaluation_survey_delete", args=[survey.pk]))


def test_a_surveys_delete_page_costs_the_same_for_two_answers_as_for_ten(superuser, cast):
    few = SurveyFactory(programme=cast.programme, title="Few")
    many = SurveyFactory(programme=cast.programme, title="Many")
    answered_by(few, cast.programme, 2)
    answered_by(many, cast.programme, 10)

    assert delete_page_queries(superuser, many) == delete_page_queries(superuser, few)


def test_a_closed_surveys_delete_page_costs_the_same_for_two_answers_as_for_ten(superuser, cast):
    few = SurveyFactory(programme=cast.programme, title="Few")
    many = SurveyFactory(programme=cast.programme, title="Many")
    answered_by(few, cast.programme, 2)
    answered_by(many, cast.programme, 10)

    assert delete_page_queries(superuser, closed(many)) == delete_page_queries(
        superuser, closed(few)
    )
