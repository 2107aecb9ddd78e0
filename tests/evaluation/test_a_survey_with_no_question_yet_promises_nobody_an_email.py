"""A survey asks nobody until it has a question (nobody sees it, nobody is emailed): set up
open now with none yet, it is saved without a confirmation promising emails and answers, and
says that its first question will open it, which asks first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from evaluation.admin.surveys import OPENS_WITH_ITS_FIRST_QUESTION
from evaluation.models import Survey
from tests.admin_pages import messages_shown, signed_in_for_real

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")


def survey_open_an_hour_ago(cast) -> dict:
    local = timezone.localtime(timezone.now() - timedelta(hours=1))
    return {
        "programme": cast.programme.pk,
        "title": "Still being written",
        "introduction": "",
        "audience": "both",
        "opens_at_0": f"{local:%Y-%m-%d}",
        "opens_at_1": f"{local:%H:%M:%S}",
        "closes_at": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "min_group_size": "",
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 100,
        "questions-0-position": 0,
        "questions-0-text": "",
        "questions-0-help_text": "",
        "questions-0-kind": "",
        "questions-0-choices": "",
        "questions-0-required": "on",
        "_save": "Save",
    }


def test_a_survey_open_now_with_no_question_is_saved_promising_nothing(office, cast):
    saved = office.post(reverse("admin:evaluation_survey_add"), survey_open_an_hour_ago(cast))

    assert saved.status_code == 302
    assert OPENS_WITH_ITS_FIRST_QUESTION in messages_shown(office.get(saved.url))
    assert Survey.objects.get(title="Still being written").questions.count() == 0
    assert not OutboxMessage.objects.exists()


def test_its_first_question_asks_first_naming_those_it_asks(office, cast):
    office.post(reverse("admin:evaluation_survey_add"), survey_open_an_hour_ago(cast))
    survey = Survey.objects.get(title="Still being written")
    data = {
        **survey_open_an_hour_ago(cast),
        "questions-0-text": "How useful were the meetings?",
        "questions-0-kind": "scale",
    }

    page = office.post(reverse("admin:evaluation_survey_change", args=[survey.pk]), data)

    assert page.status_code == 200
    assert "Open “Still being written” now?" in page.content.decode()
    assert cast.mentor.email in page.content.decode()
