"""A form sent with its count of rows below zero, or below the rows the page began with
(`action-TOTAL_FORMS=-1`, by hand), is refused as one whose counts are missing is: the form
arrived incomplete, and nothing is saved. Django read such a count as no rows: Maya's log
was saved without the action step she typed, and a programme's page saved without the
change to its theme."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionStep, Programme, Theme
from tests.admin_pages import form_data
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import log_answers

pytestmark = pytest.mark.django_db

STEP = "Ask the union rep about the rota"


@pytest.fixture
def meeting(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


@pytest.mark.parametrize(
    "counts",
    [
        {"action-TOTAL_FORMS": "-1"},
        {"action-TOTAL_FORMS": "-9999999"},
        {"action-TOTAL_FORMS": "0", "action-INITIAL_FORMS": "1"},
        {"action-INITIAL_FORMS": "-1"},
    ],
)
def test_a_meeting_log_with_its_count_of_steps_below_zero_saves_nothing(
    client, cast, meeting, counts
):
    client.force_login(cast.mentor)
    url = reverse("meeting_log", args=[meeting.pk])
    stamp = client.get(url).context["log_stamp"]
    sent = log_answers(note="Maya's notes", actions=[(STEP, "mentor", timezone.localdate())])

    response = client.post(url, sent | counts | {"log_stamp": stamp})

    page = unescape(response.content.decode())
    assert response.status_code == 409
    assert "Nothing was saved." in page
    assert "The form arrived incomplete." in page
    meeting.refresh_from_db()
    assert not meeting.is_logged
    assert not ActionStep.objects.exists()


def test_a_meeting_log_with_its_counts_as_the_page_sent_them_is_saved(client, cast, meeting):
    client.force_login(cast.mentor)
    url = reverse("meeting_log", args=[meeting.pk])
    stamp = client.get(url).context["log_stamp"]
    sent = log_answers(actions=[(STEP, "mentor", timezone.localdate())])

    response = client.post(url, sent | {"log_stamp": stamp})

    assert response.status_code == 302
    assert list(ActionStep.objects.values_list("text", flat=True)) == [STEP]


@pytest.mark.parametrize("total", ["-1", "0"])
def test_a_programme_page_with_its_count_of_themes_below_those_shown_saves_nothing(
    client, cast, total
):
    client.force_login(cast.coordinator)
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    theme = Theme.objects.create(programme=cast.programme, name="Belonging", position=5)
    data = form_data(client.get(url))
    assert int(data["themes-INITIAL_FORMS"]) >= 1
    row = next(key for key, value in data.items() if key.endswith("-id") and value == theme.pk)
    data |= {
        "name": "Renamed pilot",
        row.replace("-id", "-name"): "Belonging at work",
        "themes-TOTAL_FORMS": total,
    }

    response = client.post(url, data)

    assert response.status_code == 200  # the page again, saying what is wrong
    assert "The form arrived incomplete." in response.content.decode()
    assert Programme.objects.get(pk=cast.programme.pk).name == cast.programme.name
    theme.refresh_from_db()
    assert theme.name == "Belonging"
