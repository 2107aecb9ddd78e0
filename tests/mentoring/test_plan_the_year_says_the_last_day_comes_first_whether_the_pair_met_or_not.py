""" "Plan the year" with nothing to plan because the programme's last day comes before the
plan's first date, or has passed, says that, met or not: "a plan would start on …, after the
last day of …; propose a meeting", never that the pair's meetings already reach the end.
Maya and Bola last met on 10 November 2026; today is 1 December, so a plan would start
seven weeks after that meeting, on 29 December. Only meetings that reach a year ahead are
said to reach it."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from mentoring.models import MeetingStatus
from tests.admin_pages import words_at
from tests.factories import HeldMeetingFactory, MeetingFactory
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

ALREADY = "your meetings already reach"


@pytest.fixture
def december(time_machine):
    """1 December 2026, mid-morning, before the cast is made."""
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def met_three_weeks_ago(december, cast):
    HeldMeetingFactory(match=cast.pair, starts_at=datetime(2026, 11, 10, 10, 0, tzinfo=LONDON))
    return cast


def plan_page(browser, cast) -> str:
    return words_at(browser, reverse("pair_plan", args=[cast.pair.pk]))


@pytest.mark.parametrize(
    ("ends_on", "said"),
    [
        (date(2026, 12, 11), "11 December 2026). To meet by then"),
        (date(2026, 11, 30), "30 November 2026). To meet again"),
    ],
)
def test_a_pair_that_met_is_told_a_plan_would_start_after_the_last_day(
    met_three_weeks_ago, maya, ends_on, said
):
    cast = met_three_weeks_ago
    cast.programme.ends_on = ends_on
    cast.programme.save(update_fields=["ends_on"])

    page = plan_page(maya, cast)

    assert ALREADY not in page
    assert (
        "There is nothing to plan: a plan would start on 29 December 2026, after the last day "
        f"of 2026/27 pilot ({said}, propose a meeting" in page
    )


def test_meetings_booked_a_year_ahead_already_reach_it(december, cast, maya):
    MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.CONFIRMED,
        starts_at=datetime(2026, 12, 1, 10, 0, tzinfo=LONDON) + timedelta(weeks=47),
    )

    page = plan_page(maya, cast)

    assert "There is nothing left to plan: your meetings already reach a year ahead." in page
    assert "a plan would start" not in page
