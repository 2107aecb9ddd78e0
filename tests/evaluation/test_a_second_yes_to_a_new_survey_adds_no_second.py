"""A "Yes" to adding a survey that opens now, pressed twice (a double click, the page sent
again), adds one survey and emails nobody twice: each confirmation carries a token of its
own, claimed in the shared cache (`SurveyAdmin._added_already`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Survey
from tests.admin_pages import confirmed, signed_in_for_real, words

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


ADD = reverse("admin:evaluation_survey_add")


def new_survey(cast) -> dict:
    opens = timezone.localtime(timezone.now() - timedelta(hours=1))
    return {
        "programme": cast.programme.pk,
        "title": "Autumn pulse",
        "introduction": "Three quick questions.",
        "audience": "both",
        "opens_at_0": f"{opens:%Y-%m-%d}",
        "opens_at_1": f"{opens:%H:%M:%S}",
        "closes_at": (opens.date() + timedelta(days=14)).isoformat(),
        "min_group_size": "",
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 100,
        "questions-0-position": 0,
        "questions-0-text": "Our meetings are worth the time.",
        "questions-0-help_text": "",
        "questions-0-kind": "likert",
        "questions-0-choices": "",
        "questions-0-required": "on",
        "_save": "Save",
    }


def test_a_double_click_on_save_and_open_now_opens_one_survey(
    office, cast, django_capture_on_commit_callbacks
):
    """Other confirmations here say a second "Yes" (a double click) changes nothing and
    emails nobody. "Save and open now" clicked twice made two open surveys, and everyone it
    asks was emailed twice that "Autumn pulse" is open."""
    page = office.post(ADD, new_survey(cast))
    assert "Open “Autumn pulse” now?" in words(page.content.decode())
    yes = confirmed(page)
    with django_capture_on_commit_callbacks(execute=True):  # the survey it added, remembered
        office.post(ADD, yes)
    office.post(ADD, yes)  # the second click of a double click

    assert Survey.objects.filter(title="Autumn pulse").count() == 1
    (survey,) = Survey.objects.filter(title="Autumn pulse")
    again = office.post(ADD, yes, follow=True)
    assert again.redirect_chain[-1][0] == reverse(
        "admin:evaluation_survey_change", args=[survey.pk]
    )
    assert "This survey was saved already" in words(again.content.decode())
