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

pytestmark = pytest.mark.django_db

PROPOSE = "Propose a meeting with Bola Board"
PLAN = "Plan the year with Bola Board"
PAGES = ["match", "meetings"]  # the pair page and the schedule


def last_day_in(cast, days: int) -> None:
    Programme.objects.filter(pk=cast.programme.pk).update(
        ends_on=timezone.localdate() + timedelta(days=days)
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("met", "days"),
    [
        pytest.param(True, -1, id="the-last-day-has-passed"),
        pytest.param(True, 10, id="the-last-day-comes-before-the-plans-first-date"),
        pytest.param(False, 3, id="before-a-first-meeting-the-last-day-comes-before-next-week"),
    ],
)
def test_with_no_date_left_only_a_meeting_is_offered(request, maya, cast, met, days, page):
    if met:
        request.getfixturevalue("met_three_weeks_ago")
    last_day_in(cast, days)

    seen = words_at(maya, reverse(page))

    assert PROPOSE in seen
    assert PLAN not in seen


def test_the_plan_page_reached_another_way_says_the_last_day_is_why(
    maya, cast, met_three_weeks_ago
):
    """The pages' rule is its own, and the reason is the last day, not meetings that already
    reach it."""
    last_day_in(cast, 10)

    plan = words_at(maya, reverse("pair_plan", args=[cast.pair.pk]))

    assert "There is nothing to plan: a plan would start on" in plan
    assert "after the last day of 2026/27 pilot" in plan
    assert "your meetings already reach" not in plan


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
