""" "Plan the year" with nothing to plan because the programme's last day comes before the
plan's first date says that, met or not: "a plan would start on …, after the
last day of …; propose a meeting", never that the pair's meetings already reach the end.
Maya and Bola last met on 10 November 2026; today is 1 December, so a plan would start
seven weeks after that meeting, on 29 December. Only meetings that reach a year ahead are
said to reach it."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from mentoring.models import MeetingStatus
from tests.admin_pages import words_at
from tests.factories import MeetingFactory
from tests.winter import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

ALREADY = "your meetings already reach"


def plan_page(browser, cast) -> str:
    return words_at(browser, reverse("pair_plan", args=[cast.pair.pk]))


@pytest.mark.parametrize(
    ("ends_on", "said"),
    [
        pytest.param(
            date(2026, 12, 11), "11 December 2026). To meet by then", id="the-last-day-to-come"
        ),
        # Once it has passed, the page says only that (another file: "Plan the year" past the
        # last day says only that it has passed).
    ],
)
def test_a_pair_that_met_is_told_a_plan_would_start_after_the_last_day(
    met_three_weeks_ago, cast, maya, ends_on, said
):
    cast.programme.ends_on = ends_on
    cast.programme.save(update_fields=["ends_on"])

    page = plan_page(maya, cast)

    assert ALREADY not in page
    assert (
        "There is nothing to plan: a plan would start on 29 December 2026, after the last day "
        f"of 2026/27 pilot ({said}, propose a meeting" in page
    )


def test_meetings_booked_a_year_ahead_already_reach_it(cast, maya):
    MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.CONFIRMED,
        starts_at=datetime(2026, 12, 1, 10, 0, tzinfo=LONDON) + timedelta(weeks=47),
    )

    page = plan_page(maya, cast)

    assert "There is nothing left to plan: your meetings already reach a year ahead." in page
    assert "a plan would start" not in page
