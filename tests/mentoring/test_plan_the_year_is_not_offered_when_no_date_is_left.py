"""Maya's pair page and schedule offer "Plan the year" only while a plan has a date left to
offer (`plan_has_a_date_left`, the rule the "time to book" nudge follows too): not once the
next date the plan would give falls after the programme's last day (`ends_on`), whether the
pair has met or not, where "Plan the year" would only say there is nothing to plan. They
still offer "Propose a meeting": a meeting before the last day may still be proposed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Programme
from tests.admin_pages import words_at
from tests.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db

PROPOSE = "Propose a meeting with Bola Board"
PLAN = "Plan the year with Bola Board"
PAGES = ["match", "meetings"]  # the pair page and the schedule


def last_day_in(cast, days: int) -> None:
    Programme.objects.filter(pk=cast.programme.pk).update(
        ends_on=timezone.localdate() + timedelta(days=days)
    )


@pytest.fixture
def met_three_weeks_ago(cast):
    """Maya and Bola last met three weeks ago: at six to eight weeks, a plan's first date is
    seven weeks after that, four weeks from today."""
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=3))


@pytest.mark.parametrize("page", PAGES)
def test_past_the_programmes_last_day_only_a_meeting_is_offered(
    maya, cast, met_three_weeks_ago, page
):
    last_day_in(cast, -1)

    seen = words_at(maya, reverse(page))

    assert PROPOSE in seen
    assert PLAN not in seen


@pytest.mark.parametrize("page", PAGES)
def test_a_last_day_before_the_plans_first_date_offers_no_plan(
    maya, cast, met_three_weeks_ago, page
):
    last_day_in(cast, 10)

    seen = words_at(maya, reverse(page))

    assert PROPOSE in seen
    assert PLAN not in seen
    # The plan page, reached another way, says why: the pages' rule is its own, and the
    # reason is the last day, not meetings that already reach it.
    plan = words_at(maya, reverse("pair_plan", args=[cast.pair.pk]))
    assert "There is nothing to plan: a plan would start on" in plan
    assert "after the last day of 2026/27 pilot" in plan
    assert "your meetings already reach" not in plan


@pytest.mark.parametrize("page", PAGES)
def test_before_a_first_meeting_a_last_day_before_next_week_offers_no_plan(maya, cast, page):
    last_day_in(cast, 3)

    seen = words_at(maya, reverse(page))

    assert PROPOSE in seen
    assert PLAN not in seen


@pytest.mark.parametrize("page", PAGES)
def test_with_a_date_left_before_the_last_day_the_plan_is_offered(
    maya, cast, met_three_weeks_ago, page
):
    last_day_in(cast, 60)

    seen = words_at(maya, reverse(page))

    assert PROPOSE in seen
    assert PLAN in seen
    assert 'name="dates"' in maya.get(reverse("pair_plan", args=[cast.pair.pk])).content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_without_a_last_day_the_plan_is_offered(maya, cast, met_three_weeks_ago, page):
    Programme.objects.filter(pk=cast.programme.pk).update(ends_on=None)

    assert PLAN in words_at(maya, reverse(page))
