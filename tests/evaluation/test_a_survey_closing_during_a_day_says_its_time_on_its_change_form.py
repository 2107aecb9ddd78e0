"""A survey that closes during a day (copied from one that did, or stopped on the day it
opened) keeps that time while its last day is left as it is, and its change form, which
shows the day alone, says the time beside it, as every other page does: not "at the end of
the day"."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from evaluation.models import start_of_day_after
from tests.admin_pages import change_url, signed_in_for_real, words_at
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(settings.TIME_ZONE))


def survey(cast, closes_at: datetime, *, opens_on: date | None = None):
    made = SurveyFactory(
        programme=cast.programme,
        opens_at=at(opens_on or timezone.localdate() + timedelta(days=2), time.min),
        closes_at=closes_at,
    )
    QuestionFactory(survey=made)
    return made


def test_a_survey_closing_at_five_says_so_beside_its_last_day(office, cast):
    last = date(2040, 12, 16)
    page = words_at(office, change_url(survey(cast, at(last, time(17)))))

    assert (
        "It closes on 16 December 2040 at 17:00 GMT. Keep this day and it still closes at "
        "that time; choose another day and it closes at the end of that day" in page
    )
    assert "At the end of the day" not in page


def test_a_survey_that_closed_at_five_says_when_and_that_it_can_only_move_earlier(office, cast):
    last = timezone.localdate() - timedelta(days=3)
    closed = survey(cast, at(last, time(17)), opens_on=last - timedelta(days=10))

    page = words_at(office, change_url(closed))

    assert f"It closed on {last.day} {last:%B %Y} at 17:00" in page
    assert "Its last day can only move earlier." in page
    assert "choose another day" not in page


def test_a_survey_closing_at_the_end_of_its_last_day_says_the_end_of_the_day(office, cast):
    last = date(2040, 12, 16)
    page = words_at(office, change_url(survey(cast, start_of_day_after(last))))

    assert "At the end of the day, in the programme's time zone." in page
    assert "It closes on" not in page
