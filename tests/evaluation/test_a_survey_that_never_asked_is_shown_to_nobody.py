"""A survey that closed without ever asking is shown to nobody. Maya's /surveys/ listed it under
"Closed", its page said "This survey closed on …, so it can no longer be answered. Thank you
all the same" and her navigation offered "Surveys" for it, though nobody could ever answer
it: it was open only with no question, or only while its programme was still being prepared
(a draft). Its page is a 404, as for a survey not hers (`Survey.closed_unasked`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from evaluation.models import Survey
from evaluation.selectors import asked_by_any_survey
from evaluation.services import surveys_count_invited, surveys_mark_asked
from mentoring.models import ProgrammeStatus
from tests.admin_pages import words_at
from tests.factories import QuestionFactory, SurveyFactory, close_survey, draft_with_an_open_survey

pytestmark = pytest.mark.django_db

SURVEYS_LINK = 'href="/surveys/"'


def nothing_of_it_shown(client, survey: Survey) -> None:
    assert survey.title not in words_at(client, reverse("surveys"))
    assert SURVEYS_LINK not in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("survey_answer", args=[survey.pk])).status_code == 404


@pytest.fixture
def pulse(cast) -> Survey:
    """Open from eight days ago to yesterday with no question (beat saw it asking nothing);
    its question added once it had closed."""
    now = timezone.now()
    survey = SurveyFactory(
        programme=cast.programme,
        title="Mid-point pulse",
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
    )
    surveys_mark_asked()
    QuestionFactory(survey=survey, text="Our meetings are useful.")
    surveys_count_invited()
    return survey


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_a_survey_that_was_open_only_with_no_question_is_shown_to_nobody(client, cast, pulse, role):
    person = getattr(cast, role)
    client.force_login(person)

    nothing_of_it_shown(client, pulse)
    assert not asked_by_any_survey(person)


def test_a_survey_that_asked_is_still_listed_as_closed(client, cast, pulse):
    asked = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    QuestionFactory(survey=asked)
    close_survey(asked)
    client.force_login(cast.mentor)

    listed = words_at(client, reverse("surveys"))
    assert "Pilot evaluation" in listed
    assert "Mid-point pulse" not in listed
    assert SURVEYS_LINK in client.get(reverse("dashboard")).content.decode()
    assert "can no longer be answered" in words_at(
        client, reverse("survey_answer", args=[asked.pk])
    )


def test_a_survey_closed_before_its_programme_was_made_active_is_shown_to_nobody(client):
    """The office prepares the 2027/28 cohort; its survey "Starting out" closes before the
    cohort is made active, so it asked nobody."""
    draft = draft_with_an_open_survey()
    survey = Survey.objects.get(programme=draft, title="Starting out")
    surveys_mark_asked()  # beat, while it was open: a draft's survey asks nobody
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    surveys_count_invited()
    draft.status = ProgrammeStatus.ACTIVE
    draft.save()

    for email in ("ada@example.org", "ben@example.org"):
        person = User.objects.get(email=email)
        client.force_login(person)
        nothing_of_it_shown(client, survey)
        assert not asked_by_any_survey(person)
