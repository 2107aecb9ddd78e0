"""`run_periodic` (beat in the embedded mode) keeps when each task last ran: `make run`
stopped every evening and started every morning still runs the daily tasks."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from config.celery import app
from config.management.commands import run_periodic
from tests.mentoring.test_notes_retention import pair_that_wrote, what_it_wrote

pytestmark = pytest.mark.django_db


class _Stopped(Exception):
    pass


def _serve_for(hours: float, traveller) -> str:
    """`manage.py run_periodic` left running for `hours` (the clock moved on by each of its
    sleeps), then stopped, as Ctrl-C on `make run` stops it. Returns what it printed."""
    out = StringIO()
    until = timezone.now() + timedelta(hours=hours)

    def sleep(seconds):
        traveller.shift(timedelta(seconds=seconds))
        if timezone.now() >= until:
            raise _Stopped

    original = run_periodic.time.sleep
    run_periodic.time.sleep = sleep
    try:
        with pytest.raises(_Stopped):
            call_command("run_periodic", stdout=out, stderr=StringIO())
    finally:
        run_periodic.time.sleep = original
    return out.getvalue()


@pytest.fixture
def only_the_daily_tasks():
    """Just the tasks that run less often than `make run` usually stays up (hours or a day),
    so that simulating days of serving stays fast."""
    schedule = app.conf.beat_schedule
    daily = {
        name: entry
        for name, entry in schedule.items()
        if name in ("delete-old-pair-notes", "clear-expired-sessions")
    }
    assert len(daily) == 2
    app.conf.beat_schedule = daily
    yield
    app.conf.beat_schedule = schedule


def test_notes_past_their_retention_are_deleted_when_make_run_is_restarted_each_working_day(
    only_the_daily_tasks,
):
    """README: notes, action steps and the shared purpose are deleted 365 days after a pairing
    ends; in the embedded mode `run_periodic` plays beat. Someone who runs `make run` during
    the working day (8 hours, stopped in the evening, started again next morning) for a
    whole week never gets the daily retention task: each start counts its 24 hours afresh."""
    pair = pair_that_wrote(ended_days_ago=370)
    assert what_it_wrote(pair)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _day in range(5):
            _serve_for(8, traveller)
            traveller.shift(timedelta(hours=16))  # the night: stopped

    assert what_it_wrote(pair) == []


def test_expired_sessions_are_cleared_when_make_run_is_restarted_each_working_day(
    only_the_daily_tasks,
):
    Session.objects.create(
        session_key="expired-long-ago",
        session_data="",
        expire_date=timezone.now() - timedelta(days=30),
    )

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _day in range(5):
            _serve_for(5, traveller)
            traveller.shift(timedelta(hours=19))

    assert not Session.objects.filter(session_key="expired-long-ago").exists()
