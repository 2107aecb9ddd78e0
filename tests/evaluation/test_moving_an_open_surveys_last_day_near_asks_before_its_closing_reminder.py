"""An open survey's "closing soon" reminder goes three days before it closes. A save that
moves its last day so near that the reminder falls due at once emails those it asks within
minutes, as an opening does: it is asked first, naming those the survey asks (never who has
answered), and only "Save and remind now" saves. A last day moved that still leaves the
reminder to come saves at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.admin_pages import change_url, confirmed, recipients_named, signed_in_for_real, words
from tests.surveys import THE_CAST, form_data, pilot_survey

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def open_for_three_weeks(cast):
    """Open since the day before yesterday, with its questions, in the cast's active
    programme, which asks four people (fewer than its minimum of five: each reminder goes to
    all four)."""
    now = timezone.now()
    return pilot_survey(cast, opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=20))


def last_day_in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_a_last_day_moved_within_three_days_asks_first_naming_those_it_asks(office, cast, dispatch):
    survey = open_for_three_weeks(cast)
    closes_at = survey.closes_at

    page = office.post(change_url(survey), form_data(survey, closes_at=last_day_in(2)))

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "Remind those “Spring pilot evaluation” asks now that it closes soon?" in shown
    # By day (the `dispatch` fixture's clock): at the next run, within minutes.
    assert "the 4 people it asks are emailed within a few minutes, when the reminders" in shown
    assert recipients_named(page) == THE_CAST
    survey.refresh_from_db()
    assert survey.closes_at == closes_at
    assert dispatch()["survey_closing"] == 0


def test_save_and_remind_now_saves_it_and_the_reminder_goes(office, cast, dispatch):
    survey = open_for_three_weeks(cast)
    url = change_url(survey)
    page = office.post(url, form_data(survey, closes_at=last_day_in(2)))

    saved = office.post(url, confirmed(page))

    assert saved.status_code == 302
    survey.refresh_from_db()
    assert survey.last_day == timezone.localdate() + timedelta(days=2)
    assert dispatch()["survey_closing"] == 4


@pytest.mark.daytime
def test_a_last_day_moved_that_leaves_the_reminder_to_come_saves_at_once(office, cast):
    survey = open_for_three_weeks(cast)

    saved = office.post(change_url(survey), form_data(survey, closes_at=last_day_in(7)))

    assert saved.status_code == 302
    survey.refresh_from_db()
    assert survey.last_day == timezone.localdate() + timedelta(days=7)
