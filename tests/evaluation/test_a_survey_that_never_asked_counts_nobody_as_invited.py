"""A survey that closed without ever asking (open for a week with no question, so nobody saw
it and nobody was emailed; its questions added only once it had closed) asked nobody. Its
results and the programme report read "Invited 4, answered 0, 0%", and beat counted it so
as it closed: every count now reads the one rule (`Survey.closed_unasked`)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from evaluation.audience import invited_by_role
from evaluation.models import Role, Survey
from evaluation.report import programme_report
from evaluation.services import surveys_count_invited, surveys_mark_asked
from tests.admin_pages import signed_in_for_real, words
from tests.factories import QuestionFactory, SurveyFactory, close_survey

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def open_a_week_asking_nothing(cast) -> Survey:
    """The mid-point pulse, open from eight days ago to yesterday with no question: beat saw
    it every minute and it asked nothing. The office adds its question afterwards (to copy
    it, say)."""
    now = timezone.now()
    survey = SurveyFactory(
        programme=cast.programme,
        title="Mid-point pulse",
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
        min_group_size=3,
    )
    surveys_mark_asked()
    QuestionFactory(survey=survey, text="Our meetings are useful.")
    return survey


@pytest.fixture
def pulse(cast) -> Survey:
    return open_a_week_asking_nothing(cast)


def test_its_results_and_the_report_say_it_asked_nobody_before_beat_counts_it(office, cast, pulse):
    assert invited_by_role(pulse) == {Role.MENTOR: 0, Role.BOARD_MEMBER: 0}
    [in_the_report] = programme_report(cast.programme, with_surveys=True).surveys
    assert in_the_report.invited == 0
    results = words(
        office.get(reverse("admin:evaluation_survey_results", args=[pulse.pk])).content.decode()
    )
    assert "0%" not in results


def test_beat_counts_it_as_asking_nobody(office, pulse):
    assert surveys_count_invited() == 1

    pulse.refresh_from_db()
    assert pulse.invited_at_close == {Role.MENTOR: 0, Role.BOARD_MEMBER: 0}
    assert invited_by_role(pulse) == {Role.MENTOR: 0, Role.BOARD_MEMBER: 0}
    results = words(
        office.get(reverse("admin:evaluation_survey_results", args=[pulse.pk])).content.decode()
    )
    assert "0%" not in results


def test_one_that_asked_and_closed_unanswered_still_counts_everyone_it_asked(cast):
    asked = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    QuestionFactory(survey=asked)
    close_survey(asked)  # beat saw it asking while it was open

    surveys_count_invited()

    asked.refresh_from_db()
    # The cast's two pairs: Maya and Omar, Bola and Olive.
    assert asked.invited_at_close == {Role.MENTOR: 2, Role.BOARD_MEMBER: 2}


@pytest.mark.parametrize(
    ("opened_days_ago", "closes_in_days", "asked", "closed_unasked"),
    [
        (-3, 10, False, False),  # to come
        (1, 10, False, False),  # open, asking nothing yet
        (1, 10, True, False),  # open and asking
        (8, -1, True, False),  # closed after asking
        (8, -1, False, True),  # closed without ever asking
    ],
)
def test_the_rule_and_its_condition_agree(
    cast, opened_days_ago, closes_in_days, asked, closed_unasked
):
    now = timezone.now()
    survey = SurveyFactory(
        programme=cast.programme,
        opens_at=now - timedelta(days=opened_days_ago),
        closes_at=now + timedelta(days=closes_in_days),
    )
    if asked:
        Survey.objects.filter(pk=survey.pk).update(asked_at=survey.opens_at)
        survey.refresh_from_db()

    assert survey.closed_unasked(now) is closed_unasked
    kept = Survey.objects.not_closed_unasked(now).filter(pk=survey.pk).exists()
    assert kept is not closed_unasked


def test_the_migration_says_a_survey_counted_before_asked_nobody(cast, pulse):
    asked = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    QuestionFactory(survey=asked)
    close_survey(asked)
    # As beat counted both before the rule: everyone of the audience, for each.
    counted = {"invited_mentors": 2, "invited_board_members": 2}
    Survey.objects.update(**counted, invited_counted_at=timezone.now())

    migration = import_module("evaluation.migrations.0014_surveys_that_never_asked_asked_nobody")
    migration.asked_nobody(apps, None)

    pulse.refresh_from_db()
    asked.refresh_from_db()
    assert pulse.invited_at_close == {Role.MENTOR: 0, Role.BOARD_MEMBER: 0}
    assert asked.invited_at_close == {Role.MENTOR: 2, Role.BOARD_MEMBER: 2}
