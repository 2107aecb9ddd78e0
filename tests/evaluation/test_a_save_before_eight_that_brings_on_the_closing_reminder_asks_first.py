"""A save at 06:30 that moves an open survey's last day so near that its "closing soon"
reminder is due today emails those it asks at 08:00, when the reminders about a day go
again: the office is asked first, as by day, naming those it asks, and told when they are
emailed (at 08:00 in the programme's time zone, not "at once"). Only "Save and remind now"
saves; the reminder then goes at 08:00, not before."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.admin_pages import change_url, confirmed, recipients_named, sign_in_for_real, words
from tests.surveys import THE_CAST, form_data, pilot_survey

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Wednesday 9 June 2027, 06:30 in London (summer time).
EARLY = datetime(2027, 6, 9, 6, 30, tzinfo=LONDON)
# Its last day moved to Friday 11 June: it closes as Saturday begins, and its closing
# reminder (three days before) is due on Wednesday 9 June, from 08:00.
FRIDAY = "2027-06-11"


@pytest.fixture
def early_in_the_office(client, cast):
    """At 06:30, a survey open since Monday for three weeks, and Carmen signed in."""
    with time_machine.travel(EARLY, tick=False):
        survey = pilot_survey(
            cast, opens_at=EARLY - timedelta(days=2), closes_at=EARLY + timedelta(days=20)
        )
        sign_in_for_real(client, cast, "coordinator")
        yield client, survey


def test_moving_the_last_day_at_half_past_six_asks_first_naming_those_it_asks(
    early_in_the_office,
):
    office, survey = early_in_the_office
    closes_at = survey.closes_at

    page = office.post(change_url(survey), form_data(survey, closes_at=FRIDAY))

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "Remind those “Spring pilot evaluation” asks now that it closes soon?" in shown
    assert (
        "the 4 people it asks are emailed at 08:00 BST today (reminders like these wait for "
        "the morning)." in shown
    )
    assert "at once" not in shown
    assert recipients_named(page) == THE_CAST
    survey.refresh_from_db()
    assert survey.closes_at == closes_at


def test_save_and_remind_now_saves_it_and_the_reminder_goes_at_eight(early_in_the_office, dispatch):
    office, survey = early_in_the_office
    page = office.post(change_url(survey), form_data(survey, closes_at=FRIDAY))

    saved = office.post(change_url(survey), confirmed(page))

    assert saved.status_code == 302
    survey.refresh_from_db()
    assert str(survey.last_day) == FRIDAY
    assert dispatch(EARLY + timedelta(minutes=5))["survey_closing"] == 0  # the night
    assert dispatch(EARLY + timedelta(minutes=90))["survey_closing"] == 4  # 08:00
