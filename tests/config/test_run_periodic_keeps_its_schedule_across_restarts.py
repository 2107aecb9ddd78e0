"""`run_periodic` (beat in the embedded mode) keeps when each task last ran: `make run`
stopped every evening and started every morning still runs the daily tasks."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.production import only_the_hourly_tasks, serve_for  # noqa: F401
from tests.retention import pair_that_wrote, what_it_wrote

pytestmark = pytest.mark.django_db


def test_notes_past_their_retention_are_deleted_when_make_run_is_restarted_each_working_day(
    only_the_hourly_tasks,  # noqa: F811
):
    """README: notes, action steps and the shared purpose are deleted 365 days after a pairing
    ends; in the embedded mode `run_periodic` plays beat. Someone who runs `make run` during
    the working day (8 hours, stopped in the evening, started again next morning) for a
    whole week never gets the daily retention task: each start counts its 24 hours afresh."""
    pair = pair_that_wrote(ended_days_ago=370)
    assert what_it_wrote(pair)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _day in range(5):
            serve_for(8, traveller)
            traveller.shift(timedelta(hours=16))  # the night: stopped

    assert what_it_wrote(pair) == []


def test_expired_sessions_are_cleared_when_make_run_is_restarted_each_working_day(
    only_the_hourly_tasks,  # noqa: F811
):
    Session.objects.create(
        session_key="expired-long-ago",
        session_data="",
        expire_date=timezone.now() - timedelta(days=30),
    )

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _day in range(5):
            serve_for(5, traveller)
            traveller.shift(timedelta(hours=19))

    assert not Session.objects.filter(session_key="expired-long-ago").exists()
