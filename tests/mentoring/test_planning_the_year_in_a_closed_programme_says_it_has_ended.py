"""A pair still active after the office closed its programme can still meet, and plan its
year. "Plan the year" says, as "Propose a meeting" does, that the programme has ended and
nobody is reminded of anything in it any more; in a programme still running it says no such
thing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import HeldMeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db

ENDED_STILL_PAIRED = (
    "2026/27 pilot has ended: your pair can still meet and log its meetings, but nobody is "
    "reminded of anything in it any more."
)


@pytest.fixture
def bola_planning(client, cast):
    """Bola and Maya, who met three weeks ago; Bola signed in."""
    agree_ground_rules(cast.pair)
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=3))
    client.force_login(cast.board_member)
    return client


def page(client, name, pair) -> str:
    response = client.get(reverse(name, args=[pair.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_planning_the_year_in_a_closed_programme_says_it_has_ended(bola_planning, cast):
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()

    proposal = words(page(bola_planning, "meeting_new", cast.pair))
    plan = page(bola_planning, "pair_plan", cast.pair)

    assert ENDED_STILL_PAIRED in proposal
    assert 'name="dates"' in plan  # the dates are still offered
    assert ENDED_STILL_PAIRED in words(plan)


def test_planning_the_year_in_a_running_programme_says_no_end(bola_planning, cast):
    plan = page(bola_planning, "pair_plan", cast.pair)

    assert 'name="dates"' in plan
    assert "has ended" not in words(plan)
