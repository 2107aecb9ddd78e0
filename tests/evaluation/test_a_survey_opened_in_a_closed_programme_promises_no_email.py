"""A closed programme is never active again and nobody in it is reminded of a survey
(`Survey.announced_by_email`): opening one of its surveys now says that the people it asks
can answer it on their surveys page and that nobody is emailed, not that opening it emails
them, nor that they are emailed once the programme is active. A draft programme's survey
still says the emails wait for the programme to be active."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import OutboxMessage
from mentoring.models import ProgrammeStatus
from tests.admin_pages import confirmed, signed_in_for_real, words
from tests.surveys import ADD, an_hour_ago, new_survey, shown

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def _programme_is(cast, status) -> None:
    cast.programme.status, cast.programme.recruitment_open = status, False
    cast.programme.save(update_fields=["status", "recruitment_open"])


def test_opening_a_survey_in_a_closed_programme_says_they_can_answer_and_nobody_is_emailed(
    office, cast, dispatch
):
    _programme_is(cast, ProgrammeStatus.CLOSED)

    page = office.post(ADD, new_survey(cast, an_hour_ago(), title="Closing evaluation"))

    said = shown(page)
    assert "Open “Closing evaluation” now?" in said
    assert (
        "the 4 people it asks can answer it on their surveys page. Its programme is closed, "
        "so nobody is emailed about the survey."
    ) in said
    assert "emails the 4 people" not in said
    assert "until the programme is active" not in said
    # What it says holds: once opened, Maya finds it on her surveys page, and the reminders
    # email nobody about it.
    assert office.post(ADD, confirmed(page)).status_code == 302
    maya = Client()
    maya.force_login(cast.mentor)
    assert "Closing evaluation" in words(maya.get(reverse("surveys")).content.decode())
    dispatch()
    assert not OutboxMessage.objects.filter(kind__contains="survey").exists()


def test_opening_a_survey_in_a_draft_programme_says_nobody_is_emailed_until_it_is_active(
    office, cast
):
    _programme_is(cast, ProgrammeStatus.DRAFT)

    page = office.post(ADD, new_survey(cast, an_hour_ago()))

    assert "nobody is emailed about the survey until the programme is active." in shown(page)
