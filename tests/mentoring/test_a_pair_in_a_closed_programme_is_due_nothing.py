"""A pair still meeting in a programme the office has closed (closing ends no pair): the
programme keeps no rhythm any more, so no page calls a meeting due or overdue, and each says
once that the programme has ended and nobody is reminded. "Plan the year" says why there is
nothing to plan when the programme's end comes before a plan could start, met or not."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db

ENDED = "2026/27 pilot has ended: your pair can still meet and log its meetings"


@pytest.mark.parametrize("page", ["dashboard", "meetings", "match"])
def test_a_pair_left_meeting_in_a_closed_programme_is_told_so_and_not_overdue(maya, cast, page):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=10))
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()

    shown = words(maya.get(reverse(page)).content.decode())

    assert shown.count(ENDED) == 1
    assert "Overdue" not in shown
    assert "was due by" not in shown


def test_the_same_pair_in_a_running_programme_is_overdue(maya, cast):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=10))

    shown = words(maya.get(reverse("meetings")).content.decode())

    assert "Overdue" in shown
    assert ENDED not in shown


def test_plan_the_year_says_the_programme_ends_before_a_plan_could_start(maya, cast):
    cast.programme.ends_on = timezone.localdate() + timedelta(days=3)
    cast.programme.save()

    page = words(maya.get(reverse("pair_plan", args=[cast.pair.pk])).content.decode())

    assert "your meetings already reach" not in page, "they have no meeting"
    day = cast.programme.ends_on.strftime("%-d %B %Y")
    # From next week, on the first day Maya said she could meet.
    assert re.search(
        rf"a plan would start on \d+ \w+ \d+, after the last day of 2026/27 pilot \({day}\)", page
    )
    assert "propose a meeting" in page


def test_plan_the_year_says_the_last_day_comes_first_for_a_pair_that_met(maya, cast):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))
    cast.programme.ends_on = timezone.localdate() + timedelta(days=10)
    cast.programme.save()

    page = words(maya.get(reverse("pair_plan", args=[cast.pair.pk])).content.decode())

    assert "your meetings already reach" not in page, "their last day comes first"
    assert "There is nothing to plan: a plan would start on" in page
