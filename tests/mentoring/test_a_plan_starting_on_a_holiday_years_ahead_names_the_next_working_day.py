"""A plan's first date is moved off a public holiday whatever year it falls in: Maya has a
time proposed in November 2028, so a plan would start seven weeks after it, on New Year's
Day 2029, a bank holiday, two years after the programme's last day; the plan page names the
next working day, as every planned date skips a holiday. Today is 1 December 2026."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from mentoring.cadence import midpoint_days
from mentoring.models import MeetingStatus
from tests.admin_pages import words
from tests.factories import MeetingFactory
from tests.winter import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]


def test_a_plan_starting_on_new_years_day_two_years_out_names_the_next_working_day(cast, maya):
    programme = cast.programme
    programme.ends_on = date(2027, 1, 31)
    programme.save(update_fields=["ends_on"])
    every = midpoint_days(
        gap_min_weeks=programme.gap_min_weeks, gap_max_weeks=programme.gap_max_weeks
    )
    MeetingFactory(
        match=cast.pair,
        starts_at=datetime(2029, 1, 1, 10, 0, tzinfo=LONDON) - timedelta(days=every),
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.mentor,
        confirmed_at=None,
    )

    page = words(maya.get(reverse("pair_plan", args=[cast.pair.pk])).content.decode())

    assert "a plan would start on 2 January 2029, after the last day" in page
