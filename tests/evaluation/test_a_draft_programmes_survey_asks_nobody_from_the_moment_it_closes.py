"""A survey of a programme still being prepared (a draft) asks nobody, and every count says so
from the moment it closes: its results and the programme report read "Everyone asked: 2"
until beat counted it a minute later, and 0 after, so a closed survey's figure changed and
first said "0 of 2 answered" when nobody could answer. Whom a draft's survey asks is read in
one place (`people_counted`), by the results, the report and beat alike."""

from datetime import timedelta

import pytest

from evaluation.models import Survey
from evaluation.report import programme_report
from evaluation.results import survey_results
from evaluation.services import surveys_count_invited
from tests.factories import draft_with_an_open_survey

pytestmark = pytest.mark.django_db


def asked(survey) -> int:
    return sum(rate.invited for rate in survey_results(survey).rates)


@pytest.fixture
def closed_in_a_draft():
    programme = draft_with_an_open_survey()
    survey = Survey.objects.get(programme=programme, title="Starting out")
    Survey.objects.filter(pk=survey.pk).update(closes_at=survey.opens_at + timedelta(minutes=1))
    survey.refresh_from_db()
    return survey


def test_a_drafts_closed_survey_asked_nobody_before_beat_counts_it_as_after(closed_in_a_draft):
    survey = closed_in_a_draft

    before_beat = asked(survey)
    in_the_report = sum(
        item.invited for item in programme_report(survey.programme, with_surveys=True).surveys
    )
    surveys_count_invited()
    survey.refresh_from_db()

    assert before_beat == in_the_report == asked(survey) == 0
    assert (survey.invited_mentors, survey.invited_board_members) == (0, 0)


def test_a_drafts_open_survey_asks_nobody_yet(closed_in_a_draft):
    survey = closed_in_a_draft
    Survey.objects.filter(pk=survey.pk).update(closes_at=survey.opens_at + timedelta(days=30))
    survey.refresh_from_db()

    assert asked(survey) == 0
