"""A survey open by its dates but asking nothing yet (nobody sees it, nobody was emailed) is
opened by its first question, which asks first (`SurveyAdmin.ask_before_saving`). A save
that adds its first question and moves its opening to next week opens nothing now and emails
nobody now: it saves at once, as any survey that opens later does."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from evaluation.models import Survey
from tests.admin_pages import change_url, signed_in_for_real, words
from tests.opened_now import post_opened_now
from tests.surveys import NO_QUESTION, an_hour_ago, new_survey

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def test_a_first_question_saved_with_the_opening_moved_to_next_week_is_saved_at_once(office, cast):
    office.post(
        reverse("admin:evaluation_survey_add"), new_survey(cast, an_hour_ago(), **NO_QUESTION)
    )
    survey = Survey.objects.get()
    assert survey.is_open
    assert not survey.questions.exists()
    next_week = timezone.localtime(timezone.now() + timedelta(days=7)).replace(microsecond=0)

    page = post_opened_now(
        office, change_url(survey), new_survey(cast, next_week, title="Still being written")
    )

    assert "Open “Still being written” now?" not in words(page.content.decode())
    assert page.status_code == 302
    survey.refresh_from_db()
    assert survey.opens_at == next_week
    assert survey.questions.count() == 1
    assert not OutboxMessage.objects.exists()
