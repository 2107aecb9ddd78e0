"""A closed survey's figures stay as counted when it closed: its last day cannot move to a
later day gone by, which would count whom it asked again with today's people. The survey
list answers any hand-made address with a page (never a server error), and odd survey
addresses are not found."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.results import survey_results
from evaluation.services import survey_answer
from tests.admin_pages import signed_in_for_real
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def _mentors_survey(cast, title):
    survey = SurveyFactory(
        programme=cast.programme, title=title, audience="mentors", min_group_size=3
    )
    QuestionFactory(survey=survey, text="The programme was worth my time.")
    return survey


def test_a_closed_surveys_figures_stay_when_its_past_closing_day_is_corrected(office, cast):
    """A survey for mentors ran from 20 to 10 days ago; Maya answered; it was counted when it
    closed. A mentor accepted 5 days ago could never have answered it. Its last day moved to
    3 days ago would count them as asked and not answering: refused, the figures stay."""
    from evaluation.services import surveys_count_invited
    from tests.admin_pages import as_a_browser_posts, change_url, words

    now = timezone.now()
    survey = SurveyFactory(
        programme=cast.programme,
        title="Spring pulse",
        audience="mentors",
        min_group_size=3,
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=1),
    )
    question = QuestionFactory(survey=survey)
    MentorFactory(programme=cast.programme)  # accepted long ago (TAKING_PART_FOR): asked
    survey_answer(survey=survey, person=cast.mentor, answers={question.pk: 4})
    from evaluation.models import Survey

    closed = now - timedelta(days=10)
    Survey.objects.filter(pk=survey.pk).update(closes_at=closed)
    surveys_count_invited(now=closed + timedelta(minutes=1))  # beat, a minute after it closed
    survey.refresh_from_db()
    (before,) = survey_results(survey).rates
    assert (before.invited, before.answered) == (3, 1)

    newcomer = MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Nell Newcomer", email="nell@example.org"),
    )
    newcomer.decided_at = now - timedelta(days=5)
    newcomer.save(update_fields=["decided_at"])

    data = as_a_browser_posts(office.get(change_url(survey)))
    data["closes_at"] = (timezone.localdate() - timedelta(days=3)).isoformat()
    data["_save"] = "Save"
    refused = office.post(change_url(survey), data)
    assert refused.status_code == 200
    assert "and was counted then: its last day can move earlier, but not to a later" in words(
        refused.content.decode()
    )
    surveys_count_invited()
    survey.refresh_from_db()

    (after,) = survey_results(survey).rates
    assert (after.invited, after.answered) == (3, 1), (
        f"after the correction: {after.invited} asked, {after.answered} answered"
    )


@pytest.mark.parametrize(
    "query",
    [
        "?participations__person=1",
        "?participations__person__email=maya@example.org",
        "?participations=1",
        "?questions=1",
        "?ballots__sealed__icontains=a",
        "?questions__answers__text=a",
        "?state=nonsense",
        "?programme__id__exact=abc",
    ],
)
def test_the_survey_list_never_fails_nor_filters_by_who_answered(office, cast, query):
    survey = _mentors_survey(cast, "Pulse")
    survey_answer(survey=survey, person=cast.mentor, answers={survey.questions.get().pk: 4})
    page = office.get(reverse("admin:evaluation_survey_changelist") + query)
    assert page.status_code in (200, 302, 400), page.status_code


@pytest.mark.parametrize(
    "path",
    [
        "/admin/evaluation/survey/99999999999999999999/results/",
        "/admin/evaluation/survey/99999999999999999999/results.csv",
        "/admin/evaluation/survey/99999999999999999999/change/",
        "/surveys/99999999999999999999/",
    ],
)
def test_odd_survey_addresses_are_not_found(office, cast, path):
    assert office.get(path).status_code in (302, 404)
