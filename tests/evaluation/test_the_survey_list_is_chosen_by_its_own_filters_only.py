"""The survey list is chosen by its own filters only: never by its answers through a
hand-made address (`?participations=…`, which Django allows on a relation of the row's own,
would count who answered a survey whose results are withheld), and an odd address (a
number past any column, a pattern the database cannot read) shows the whole list, saying
why, rather than a server error."""

import pytest
from django.urls import reverse

from evaluation.models import Participation
from evaluation.services import survey_answer
from tests.admin_pages import rows, signed_in_for_real
from tests.factories import QuestionFactory, SurveyFactory, close_survey

pytestmark = pytest.mark.django_db

SURVEYS = reverse("admin:evaluation_survey_changelist")
office = signed_in_for_real("coordinator")


def board_survey(cast, title="Board pulse"):
    survey = SurveyFactory(
        programme=cast.programme, title=title, audience="board_members", min_group_size=3
    )
    QuestionFactory(survey=survey, position=0, text="My mentor helped me see things anew.")
    return survey


def test_the_survey_list_is_not_filtered_by_participations(office, cast):
    """Two board members asked (fewer than the minimum of 3): the results withhold how many
    answered. The list filtered by `?participations=<id>` names the survey of each
    participation: walking the ids 1, 2, 3... counted who answered each survey. Now the
    whole list is shown, saying why (`DateDrillDownMixin.refused_lookup`)."""
    asked_of_two = board_survey(cast)
    board_survey(cast, "Another survey")
    question = asked_of_two.questions.get()
    for person in (cast.board_member, cast.other_board_member):
        survey_answer(survey=asked_of_two, person=person, answers={question.pk: 4})
    close_survey(asked_of_two)
    results = office.get(reverse("admin:evaluation_survey_results", args=[asked_of_two.pk]))
    assert "Not shown: it is said only when at least 3" in results.content.decode()

    found = 0
    for pk in Participation.objects.values_list("pk", flat=True):
        page = office.get(f"{SURVEYS}?participations={pk}", follow=True)
        listed = [row["title"] for row in rows(page)]
        found += listed == ["Board pulse"]
    assert found == 0, f"the list told apart {found} answers to the withheld survey"


@pytest.mark.parametrize(
    "query",
    [
        "?min_group_size__in=99999999999999999999",
        "?invited_mentors__in=99999999999999999999",
        "?title__regex=(",
        "?title__iregex=[",
    ],
)
def test_odd_query_strings_on_the_survey_list_are_no_server_error(office, cast, query):
    board_survey(cast)
    page = office.get(SURVEYS + query, follow=True)
    assert page.status_code == 200
    assert [row["title"] for row in rows(page)] == ["Board pulse"]  # all of them, said why
