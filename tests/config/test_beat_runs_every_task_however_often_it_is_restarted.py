"""Celery beat forgets its schedule when its container is made again (each deploy: the file
is not on a volume everywhere beat may run), and counts every interval afresh from its start.
A task run every day would then never run under deploys more often than daily: the notes
past their retention would stay, which the pages promise are deleted on their day. So the
tasks of hours run at a minute of every hour (a crontab), which comes whenever beat is up
through it, and beat, restarted every few hours or every half hour with its schedule
forgotten, still runs each one many times a day."""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from celery.beat import PersistentScheduler
from celery.schedules import maybe_schedule
from django.conf import settings
from django.utils import timezone

from config.celery import app

HOURLY = ["delete-old-pair-notes", "clear-expired-sessions"]


def beat_restarted_every(every: timedelta, *, days: int, schedule_dir) -> Counter:
    """Which periodic tasks Celery's own beat sends, started afresh (no schedule file kept)
    `every` so long for `days`: each task's name, counted."""
    sent = Counter()

    class Beat(PersistentScheduler):
        producer = None  # nothing is sent to a broker: `apply_entry` counts instead

        def apply_entry(self, entry, producer=None):
            sent[entry.name] += 1

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        end = timezone.now() + timedelta(days=days)
        start = 0
        while timezone.now() < end:
            start += 1
            beat = Beat(app, schedule_filename=str(schedule_dir / f"beat-{start}"))
            stop = min(end, timezone.now() + every)
            while timezone.now() < stop:
                traveller.shift(timedelta(seconds=max(beat.tick(), 0.5)))
            beat.close()
    return sent


@pytest.mark.parametrize(
    ("every", "days", "at_least"),
    [(timedelta(hours=20), 4, 4 * 23), (timedelta(minutes=30), 1, 23)],
    ids=["every-20-hours", "every-half-hour"],
)
def test_beat_restarted_with_its_schedule_forgotten_still_runs_the_hourly_tasks(
    tmp_path, every, days, at_least
):
    sent = beat_restarted_every(every, days=days, schedule_dir=tmp_path)

    for name in HOURLY:
        assert sent[name] >= at_least, name


def test_every_periodic_task_is_due_within_an_hour_of_any_moment():
    now = timezone.now()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = maybe_schedule(entry["schedule"], app=app)
        assert schedule.remaining_estimate(now) <= timedelta(hours=1), name
