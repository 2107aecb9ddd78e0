"""The dashboard says when a survey waits for the person's answers, and links to it: only
while it is open and they have not answered, only to those it asks, and at the cost of one
query, whatever the number of surveys."""

import re
from datetime import timedelta

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Participation
from tests.cast import sign_in_as
from tests.factories import BoardMemberFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
HEADING = "waiting for your answers"


def _survey(cast, title, *, opens=-1, closes=5, **kwargs):
    """A survey with a question: one with none yet has nothing to answer, and is not said to
    wait (test_a_survey_with_no_questions_yet_is_not_offered)."""
    now = timezone.now()
    survey = SurveyFactory(
        programme=cast.programme,
        title=title,
        opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=closes),
        **kwargs,
    )
    QuestionFactory(survey=survey)
    return survey


def _card(html: str) -> str:
    found = re.search(r"<section[^>]*dash-surveys-heading.*?</section>", html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_an_open_survey_is_named_with_its_closing_day_and_a_link(client, cast, role):
    survey = _survey(cast, "Midpoint pulse", closes=5)
    sign_in_as(client, cast, role)

    card = _card(client.get(DASHBOARD).content.decode())

    assert "A survey is waiting for your answers" in card
    assert "Midpoint pulse" in card
    assert f"open until {survey.closes_in_words('l j F Y')}" in card
    assert f'href="{reverse("survey_answer", args=[survey.pk])}"' in card


def test_several_are_counted_and_the_soonest_to_close_comes_first(client, cast):
    _survey(cast, "Closes later", closes=9)
    _survey(cast, "Closes sooner", closes=2)
    sign_in_as(client, cast, "mentor")

    card = _card(client.get(DASHBOARD).content.decode())

    assert "2 surveys are waiting for your answers" in card
    assert card.index("Closes sooner") < card.index("Closes later")


def test_nothing_is_said_once_answered_or_before_it_opens_or_after_it_closes(client, cast):
    answered = _survey(cast, "Answered already")
    Participation.objects.create(survey=answered, person=cast.mentor)
    _survey(cast, "Not open yet", opens=3, closes=9)
    _survey(cast, "Closed", opens=-9, closes=-2)
    sign_in_as(client, cast, "mentor")

    html = client.get(DASHBOARD).content.decode()

    assert HEADING not in html
    # The navigation still lists their surveys.
    assert f'href="{reverse("surveys")}"' in html


def test_someone_elses_answers_leave_it_waiting_for_theirs(client, cast):
    survey = _survey(cast, "Midpoint pulse")
    Participation.objects.create(survey=survey, person=cast.other_mentor)
    sign_in_as(client, cast, "mentor")

    assert "Midpoint pulse" in _card(client.get(DASHBOARD).content.decode())


def test_a_survey_for_the_other_side_is_not_offered(client, cast):
    _survey(cast, "For board members", audience="board_members")
    sign_in_as(client, cast, "mentor")

    assert HEADING not in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize("role", ["coordinator", "superuser", "outsider"])
def test_nobody_it_does_not_ask_is_told_of_it(client, cast, role):
    _survey(cast, "Midpoint pulse")
    sign_in_as(client, cast, role)

    assert HEADING not in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_card_costs_one_query_whatever_the_number_of_surveys(
    client, cast, django_assert_num_queries, count
):
    sign_in_as(client, cast, "mentor")
    client.get(DASHBOARD)  # the navigation's facts, kept from here on
    reset_queries()  # as the request will, before counting (CaptureQueriesContext)
    with CaptureQueriesContext(connection) as without:
        client.get(DASHBOARD)
    baseline = len(without)  # now: the next request empties the log it reads
    for n in range(count):
        _survey(cast, f"Pulse {n}", closes=5 + n)
    client.get(DASHBOARD)  # a new survey: the kept facts are read again once

    with django_assert_num_queries(baseline + 1):
        html = client.get(DASHBOARD).content.decode()

    assert _card(html).count("Answer the survey") == count


def test_a_coordinator_asked_by_a_survey_is_not_read_for_one(
    client, cast, django_assert_num_queries
):
    """A coordinator's dashboard is the programme office's card alone: one who also sits on
    a board is asked by the survey (the navigation lists it) but the dashboard reads none."""
    BoardMemberFactory(programme=cast.programme, user=cast.coordinator)
    sign_in_as(client, cast, "coordinator")
    client.get(DASHBOARD)
    reset_queries()  # as the request will, before counting (CaptureQueriesContext)
    with CaptureQueriesContext(connection) as without:
        client.get(DASHBOARD)
    baseline = len(without)  # now: the next request empties the log it reads
    _survey(cast, "Midpoint pulse", audience="board_members")
    html = client.get(DASHBOARD).content.decode()  # the kept facts are read again once
    assert f'href="{reverse("surveys")}"' in html

    with django_assert_num_queries(baseline):
        html = client.get(DASHBOARD).content.decode()

    assert HEADING not in html
