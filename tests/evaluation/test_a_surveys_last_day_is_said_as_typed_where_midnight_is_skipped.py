"""Where the clocks go forward at midnight, a day starts at 01:00: in Cairo on the last
Friday of April (24 April 2026: 00:00 EET becomes 01:00 EEST), in Santiago on the first
Sunday of September (6 September 2026). TIME_ZONE is the deployment's choice. A survey
whose last day is the day before closes as that day starts, and the database gives that
moment back as 01:00: it is still the start of the day (`evaluation.models.starts_its_day`),
so the survey is said to close at the end of its last day, as typed, not "at 01:00" the
day after; and one that opens that day opens on it, not "at 01:00"."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from evaluation.models import (
    Survey,
    closing_in_words,
    last_day_of,
    opening_in_words,
    start_of_day,
    start_of_day_after,
)
from evaluation.services import survey_copy
from tests.admin_pages import change_url, rows, signed_in_for_real
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

CAIRO_SKIPS = date(2026, 4, 24)


@pytest.fixture
def in_cairo(settings, time_machine):
    """A programme run from Cairo, at the start of April 2026."""
    settings.TIME_ZONE = "Africa/Cairo"
    time_machine.move_to(datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Africa/Cairo")), tick=False)


@pytest.mark.parametrize(
    ("zone", "skipped", "said"),
    [
        ("Africa/Cairo", CAIRO_SKIPS, "23 April 2026, end of the day"),
        ("America/Santiago", date(2026, 9, 6), "5 September 2026, end of the day"),
    ],
)
def test_a_surveys_last_day_is_said_as_typed_where_midnight_is_skipped(
    settings, zone, skipped, said
):
    settings.TIME_ZONE = zone
    last_day = skipped - timedelta(days=1)
    # As the database gives it back: in UTC.
    closes_at = start_of_day_after(last_day).astimezone(UTC)

    assert last_day_of(closes_at) == last_day
    assert closing_in_words(closes_at) == said


def test_a_survey_opening_the_day_midnight_is_skipped_opens_on_that_day(settings):
    settings.TIME_ZONE = "Africa/Cairo"
    opens_at = start_of_day(CAIRO_SKIPS).astimezone(UTC)

    assert opening_in_words(opens_at) == "24 April 2026"


def test_the_first_moment_of_that_day_is_the_clocks_one_oclock(settings):
    settings.TIME_ZONE = "Africa/Cairo"
    first = start_of_day(CAIRO_SKIPS)

    assert (first.date(), first.time(), first.tzname()) == (CAIRO_SKIPS, time(1, 0), "EEST")
    assert first == datetime(2026, 4, 23, 22, 0, tzinfo=UTC)


def test_the_office_sees_the_last_day_it_chose_in_the_list_and_the_change_form(
    in_cairo, office, cast
):
    office.post(
        reverse("admin:evaluation_survey_from_template"),
        {
            "programme": cast.programme.pk,
            "template": "pilot",
            "opens_on": "2026-04-13",
            "closes_on": "2026-04-23",
        },
    )
    survey = Survey.objects.get()

    [row] = rows(office.get(reverse("admin:evaluation_survey_changelist")))
    assert row["closes"] == "23 Apr 2026, end of the day"
    page = office.get(change_url(survey)).content.decode()
    assert 'name="closes_at" value="2026-04-23"' in page


def test_a_survey_started_from_a_template_on_that_day_opens_as_it_starts(in_cairo, office, cast):
    office.post(
        reverse("admin:evaluation_survey_from_template"),
        {
            "programme": cast.programme.pk,
            "template": "pilot",
            "opens_on": "2026-04-24",
            "closes_on": "2026-04-30",
        },
    )
    survey = Survey.objects.get()

    assert survey.opens_in_words() == "24 April 2026"
    assert survey.closes_in_words() == "30 April 2026, end of the day"


def test_a_copy_of_a_survey_closing_as_that_day_starts_closes_at_the_end_of_a_day(in_cairo, cast):
    made = SurveyFactory(
        programme=cast.programme,
        title="Spring pulse",
        opens_at=start_of_day(date(2026, 4, 13)),
        closes_at=start_of_day_after(date(2026, 4, 23)),
    )
    QuestionFactory(survey=made)
    original = Survey.objects.get(pk=made.pk)  # read back, as the admin's action reads it

    copy = survey_copy(survey=original)

    # A week after it closed, at the start of a day; as long, in whole days.
    assert (copy.opens_in_words(), copy.closes_in_words()) == (
        "1 May 2026",
        "11 May 2026, end of the day",
    )
