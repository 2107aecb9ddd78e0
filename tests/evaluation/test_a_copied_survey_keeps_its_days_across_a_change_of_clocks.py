"""A copy of a survey keeps its days and times of day in the programme's time zone. Its length
was kept in hours, so a copy across a change of clocks closed "8 May at 23:00 BST" instead of
at the end of a day, and opened at 01:00: it is now the original moved on by whole days
(`evaluation.models.copy_dates`). The clocks go forward on 25 March 2040 and back on 28
October 2040, in London."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from evaluation.models import Survey, start_of_day_after
from evaluation.services import survey_copy
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(settings.TIME_ZONE))


def survey(cast, first: date, last: date, *, opens=time.min, closes: time | None = None):
    """Open from `opens` on its first day until the end of its last (or `closes` that day),
    read back from the database as the admin's action reads it."""
    made = SurveyFactory(
        programme=cast.programme,
        title="Spring pulse",
        opens_at=at(first, opens),
        closes_at=start_of_day_after(last) if closes is None else at(last, closes),
    )
    QuestionFactory(survey=made)
    return Survey.objects.get(pk=made.pk)


def dates(copy: Survey) -> tuple[str, str]:
    return copy.opens_in_words(), copy.closes_in_words()


def test_a_copy_of_whole_days_across_the_spring_change_ends_at_the_end_of_a_day(cast):
    original = survey(cast, date(2040, 3, 1), date(2040, 3, 31))

    copy = survey_copy(survey=original)

    assert dates(copy) == ("8 April 2040", "8 May 2040, end of the day")


def test_a_copy_of_whole_days_across_the_autumn_change_ends_at_the_end_of_a_day(cast):
    original = survey(cast, date(2040, 10, 1), date(2040, 10, 20))

    copy = survey_copy(survey=original)

    assert dates(copy) == ("28 October 2040", "16 November 2040, end of the day")


def test_a_copy_opening_a_week_after_a_change_of_clocks_opens_at_the_start_of_a_day(cast):
    # Closes as 18 March ends: a week later the clocks have gone forward.
    original = survey(cast, date(2040, 3, 5), date(2040, 3, 18))

    copy = survey_copy(survey=original)

    assert dates(copy) == ("26 March 2040", "8 April 2040, end of the day")


def test_a_copy_of_one_that_closes_during_a_day_keeps_its_times_of_day(cast):
    original = survey(cast, date(2040, 3, 1), date(2040, 3, 12), opens=time(9), closes=time(17))

    copy = survey_copy(survey=original)

    # A week after it closed (19 March at 17:00), at the time of day it opened.
    assert dates(copy) == ("20 March 2040 at 09:00 GMT", "31 March 2040 at 17:00 BST")


def test_a_copy_of_a_closed_survey_opens_a_week_from_today_at_its_time_of_day(cast):
    original = survey(cast, date(2040, 3, 1), date(2040, 3, 10))

    # Copied on 24 March at 10:00: a week later the clocks have gone forward.
    with time_machine.travel(at(date(2040, 3, 24), time(10)), tick=False):
        copy = survey_copy(survey=original)

    assert dates(copy) == ("1 April 2040", "10 April 2040, end of the day")
