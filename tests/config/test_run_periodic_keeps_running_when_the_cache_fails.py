"""`run_periodic` keeps running when the moment a task last ran cannot be kept once (the
database busy, say): the daily tasks and the reminders go on."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import OperationalError  # noqa: E402

from config.management.commands import run_periodic  # noqa: E402
from tests.production import (  # noqa: E402
    only_the_hourly_tasks,  # noqa: F401
    serve_for,
)


def test_run_periodic_keeps_running_when_its_schedule_cannot_be_written_once(
    only_the_hourly_tasks,  # noqa: F811
    monkeypatch,
):
    """In the embedded mode the schedule lives in the SQLite database's cache table, which
    the development server writes too (rate limits, sessions): one "database is locked" as
    run_periodic notes a run must not end it for the rest of the day, silently, behind
    `make run`. Before the schedule moved to the cache, nothing outside a task could fail:
    beat, and run_periodic's own comment ("Keep the loop alive; beat would too"), go on."""
    real = run_periodic.cache

    class LockedOnce:
        failed = False

        def get(self, *args, **kwargs):
            return real.get(*args, **kwargs)

        def set(self, *args, **kwargs):
            if not self.failed:
                self.failed = True
                raise OperationalError("database is locked")
            return real.set(*args, **kwargs)

    monkeypatch.setattr(run_periodic, "cache", LockedOnce())
    import time_machine as tm

    with tm.travel(timezone.now(), tick=False) as traveller:
        traveller.shift(timedelta(minutes=1))
        Session.objects.create(
            session_key="expired-later",
            session_data="",
            expire_date=timezone.now() + timedelta(hours=1),
        )
        # Served for two days: the session expiring after the first hour is cleared the next day.
        serve_for(48, traveller)

    assert not Session.objects.filter(session_key="expired-later").exists()
