"""How many people an open survey asks in each role, behind its response rate, is counted by
the database in one query, whatever the number of people: accepted mentors and board
members who have joined, someone in both roles counted once, in the role they answer in."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.audience import invited_by_role, people_asked
from evaluation.models import Role, SurveyAudience
from evaluation.services import surveys_count_invited
from tests.factories import (
    BoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    close_survey,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    """The cast's programme (mentors Maya and Omar, board members Bola and Olive), with Bea,
    an accepted mentor who is also a board member, and people the survey does not ask."""
    programme = cast.programme
    bea = MentorFactory(programme=programme, applicant=UserFactory(full_name="Bea Both")).applicant
    BoardMemberFactory(programme=programme, user=bea)
    # An account switched off before the survey opened.
    MentorFactory(
        programme=programme,
        applicant=UserFactory(is_active=False, deactivated_at=timezone.now() - timedelta(days=365)),
    )
    MentorApplicationFactory(programme=programme)  # submitted, not accepted
    BoardMemberFactory(programme=programme, user=None, email="nadia@example.org")  # not joined
    MentorFactory(programme=ProgrammeFactory())  # another programme's mentor
    return programme


@pytest.mark.parametrize(
    ("audience", "mentors", "board_members"),
    [
        (SurveyAudience.MENTORS, 3, 0),  # Maya, Omar, Bea
        (SurveyAudience.BOARD_MEMBERS, 0, 3),  # Bola, Olive, Bea
        (SurveyAudience.BOTH, 3, 2),  # Bea answers as a mentor, so is counted as one
    ],
)
def test_an_open_survey_counts_those_it_asks_in_each_role(
    programme, audience, mentors, board_members
):
    survey = SurveyFactory(programme=programme, audience=audience)

    invited = invited_by_role(survey)

    assert (invited[Role.MENTOR], invited[Role.BOARD_MEMBER]) == (mentors, board_members)
    # The same people the reminders go to, one by one.
    assert invited == Counter(role for _person, role in people_asked([survey])[survey.pk])


# The programme's people counted by their facts, those who left included (whether or not
# they answered), then who answered in each role (the sealed ballots, the responses).
OPEN_SURVEY_QUERIES = 3


def test_counting_an_open_survey_costs_the_same_queries_for_few_people_or_many(
    programme, django_assert_num_queries
):
    survey = SurveyFactory(programme=programme)
    with django_assert_num_queries(OPEN_SURVEY_QUERIES):
        few = invited_by_role(survey)

    for _ in range(10):
        MentorFactory(programme=programme, briefed=False)
        BoardMemberFactory(programme=programme)
    with django_assert_num_queries(OPEN_SURVEY_QUERIES) as queries:
        many = invited_by_role(survey)

    # Counted by the database, a row for each way of taking part (the ten new mentors are
    # one), not a row per person to count here.
    sql = queries.captured_queries[0]["sql"]
    assert "COUNT(" in sql
    assert "GROUP BY" in sql
    assert (few[Role.MENTOR], few[Role.BOARD_MEMBER]) == (3, 2)
    assert (many[Role.MENTOR], many[Role.BOARD_MEMBER]) == (13, 12)


def test_a_closed_survey_keeps_the_count_it_had_while_open_and_reads_it_without_a_query(
    programme, django_assert_num_queries
):
    survey = SurveyFactory(programme=programme)
    QuestionFactory(survey=survey)  # asking while open: one that never asked asked nobody
    while_open = invited_by_role(survey)

    close_survey(survey)
    assert surveys_count_invited() == 1
    survey.refresh_from_db()
    MentorFactory(programme=programme)  # accepted after it closed

    with django_assert_num_queries(0):
        assert invited_by_role(survey) == while_open
