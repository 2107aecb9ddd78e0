"""A survey started from a template saves untouched in the programme office: the inline's
blank extra row counts as no question at all, while a half-filled one is still refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Survey
from evaluation.survey_templates import TEMPLATES
from tests.admin_pages import as_a_browser_posts, change_url, messages_shown, signed_in_for_real

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def from_template(client, cast, key) -> Survey:
    opens_on = timezone.localdate() + timedelta(days=7)
    client.post(
        reverse("admin:evaluation_survey_from_template"),
        {
            "programme": cast.programme.pk,
            "template": key,
            "opens_on": opens_on.isoformat(),
            "closes_on": (opens_on + timedelta(days=20)).isoformat(),
        },
    )
    return Survey.objects.get(title=TEMPLATES[key].title)


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_a_survey_from_a_template_saves_untouched(office, cast, key):
    survey = from_template(office, cast, key)
    page = office.get(change_url(survey))
    data = as_a_browser_posts(page) | {"_continue": "Save and continue editing"}

    response = office.post(change_url(survey), data)

    assert response.status_code == 302, response.context["errors"]
    assert survey.questions.count() == len(TEMPLATES[key].questions)
    assert any("was changed successfully" in m for m in messages_shown(office.get(response.url)))


def test_a_half_filled_extra_question_is_refused_with_its_messages(office, cast):
    survey = from_template(office, cast, "pilot")
    page = office.get(change_url(survey))
    extra = len(TEMPLATES["pilot"].questions)
    data = as_a_browser_posts(page) | {f"questions-{extra}-help_text": "Say why."}

    response = office.post(change_url(survey), data)

    assert response.status_code == 200
    assert response.context["errors"] == [["Enter the text."], ["Choose the kind."]]
    assert survey.questions.count() == extra
