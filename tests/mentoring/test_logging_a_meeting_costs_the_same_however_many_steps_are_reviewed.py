"""Logging a meeting reviews the action steps still open: the page and its saving cost the
same queries with 2 steps to review as with 20."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionStep
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.meetings import log_answers
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def _earlier_steps(match, count, start=0):
    for n in range(start, start + count):
        meeting = HeldMeetingFactory(
            match=match, starts_at=timezone.now() - timedelta(days=300 - 7 * n)
        )
        ActionStepFactory(meeting=meeting, text=f"Step {n}")
        ActionStepFactory(meeting=meeting, text=f"Other step {n}")


def test_the_log_page_costs_the_same_with_2_steps_to_review_as_with_20(client, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(cast.mentor)
    _earlier_steps(cast.pair, 1)
    url = reverse("meeting_log", args=[meeting.pk])
    client.get(url)
    few = queries_for(client, url)
    _earlier_steps(cast.pair, 10, start=1)
    many = queries_for(client, url)
    assert many == few


def test_saving_a_log_costs_the_same_reviewing_2_steps_as_20(client, cast):
    agree_ground_rules(cast.pair)
    client.force_login(cast.mentor)

    def save(count, start):
        meeting = MeetingFactory(
            match=cast.pair, starts_at=timezone.now() - timedelta(hours=2 + start)
        )
        steps = list(ActionStep.objects.filter(match=cast.pair, status="open"))
        assert len(steps) == count
        data = log_answers(reviews=[(s, "done", "") for s in steps])
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse("meeting_log", args=[meeting.pk]), data)
        assert response.status_code == 302
        return len(captured)

    _earlier_steps(cast.pair, 1)
    few = save(2, 0)
    _earlier_steps(cast.pair, 10, start=1)
    many = save(20, 1)
    assert many == few
