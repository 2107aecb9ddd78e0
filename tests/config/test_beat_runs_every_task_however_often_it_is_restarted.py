"""Celery beat forgets its schedule when its container is made again (each deploy: the file
is not on a volume everywhere beat may run), and counts every interval afresh from its start.
A task that runs daily would then never run under a deploy more often than daily: the notes
past their retention would stay, which the pages promise are deleted on their day. So every
task runs at least hourly (each is safe to run again), and beat, restarted every few hours
with its schedule forgotten, still runs each one many times a day."""

from collections import Counter
from datetime import timedelta

import time_machine
from celery.beat import PersistentScheduler
from django.conf import settings
from django.utils import timezone

from config.celery import app


def beat_restarted_every(hours: int, *, days: int, schedule_dir) -> Counter:
    """Which periodic tasks Celery's own beat sends, started afresh (no schedule file kept)
    every `hours` for `days`: each task's name, counted."""
    sent = Counter()

    class Beat(PersistentScheduler):
        def apply_entry(self, entry, producer=None):
            sent[entry.name] += 1

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        end = timezone.now() + timedelta(days=days)
        start = 0
        while timezone.now() < end:
            start += 1
            beat = Beat(app, schedule_filename=str(schedule_dir / f"beat-{start}"))
            stop = min(end, timezone.now() + timedelta(hours=hours))
            while timezone.now() < stop:
                traveller.shift(timedelta(seconds=max(beat.tick(), 0.5)))
            beat.close()
    return sent


def test_beat_restarted_every_twenty_hours_still_runs_retention_and_clears_sessions(tmp_path):
    sent = beat_restarted_every(20, days=4, schedule_dir=tmp_path)

    assert sent["delete-old-pair-notes"] >= 4 * 20
    assert sent["clear-expired-sessions"] >= 4 * 20


def test_no_periodic_task_waits_more_than_an_hour_after_beat_starts():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["schedule"] <= timedelta(hours=1), name
