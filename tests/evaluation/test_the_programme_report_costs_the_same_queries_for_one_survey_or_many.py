"""The programme report reads the results of all the programme's surveys together
(`evaluation.results.surveys_results`), not one survey after another: the page costs the
same queries for a programme with one survey as for one with four, each answered by six
people, whether the surveys are open, closed with their answers still sealed (the report
opens them), or closed, opened and counted by beat."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from evaluation.services import closed_ballots_open, survey_answer, surveys_count_invited
from tests.admin_pages import words
from tests.factories import (
    BriefedBoardMemberFactory,
    MentorFactory,
    ProgrammeFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 12, 0, 10, tzinfo=ZoneInfo("Europe/London"))
# When each kind of survey opens and closes, and when its six people answer it.
WHEN = {
    "open": (NOW - timedelta(days=1), NOW + timedelta(days=10), NOW),
    "closed": (NOW - timedelta(days=30), NOW - timedelta(days=2), NOW - timedelta(days=20)),
}
WHEN["closed and counted"] = WHEN["closed"]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def programme_with_surveys(n: int, state: str):
    """A programme of three mentors and three board members, and `n` surveys in `state`,
    each asking one question of every kind and answered by all six."""
    programme = ProgrammeFactory()
    people = [MentorFactory(programme=programme).applicant for _ in range(3)]
    people += [BriefedBoardMemberFactory(programme=programme).user for _ in range(3)]
    opens_at, closes_at, answered_at = WHEN[state]
    for _ in range(n):
        survey = SurveyFactory(
            programme=programme, opens_at=opens_at, closes_at=closes_at, min_group_size=3
        )
        questions = add_one_question_of_each_kind(survey)
        answers = {
            questions["likert"].pk: 4,
            questions["single"].pk: 1,
            questions["multiple"].pk: [0, 1],
            questions["scale"].pk: 8,
            questions["text"].pk: "More time together.",
        }
        with time_machine.travel(answered_at, tick=False):
            for person in people:
                survey_answer(survey=survey, person=person, answers=answers)
    if state == "closed and counted":
        closed_ballots_open()
        surveys_count_invited()
    return programme


@pytest.mark.parametrize("state", list(WHEN))
def test_the_report_costs_the_same_queries_for_one_survey_or_four(
    frozen, client, coordinator, state
):
    client.force_login(coordinator)
    one = programme_with_surveys(1, state)
    four = programme_with_surveys(4, state)

    small = queries_for(client, reverse("programme_report", args=[one.slug]))
    large = queries_for(client, reverse("programme_report", args=[four.slug]))

    assert large == small


@pytest.mark.parametrize("state", list(WHEN))
def test_each_survey_of_the_report_shows_its_own_rate_and_results(
    frozen, client, coordinator, state
):
    client.force_login(coordinator)
    programme = programme_with_surveys(4, state)

    page = client.get(reverse("programme_report", args=[programme.slug])).content.decode()

    surveys = [words(part) for part in page.split('<article class="report-survey">')[1:]]
    assert len(surveys) == 4
    for survey in surveys:
        assert "Mentors 3 3 100%" in survey
        assert "Board members 3 3 100%" in survey
        if state == "open":
            assert "mean" not in survey
        else:
            assert "mean 4.0 (1 to 5)" in survey
            assert "mean 8.0 (0 to 10)" in survey
            assert "6 written answers" in survey
