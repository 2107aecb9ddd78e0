"""Beat for the embedded mode: runs CELERY_BEAT_SCHEDULE in this process.

Without Redis there is no broker for `celery beat` to talk to, so `make run`
starts this beside the development server. Tasks run eagerly, here, on the same
schedule that beat uses in production.

When each task last ran is kept in the shared cache (the database's table in the embedded
mode), as beat keeps it in its schedule file: `make run` stopped every evening and started
every morning still runs the hourly tasks (notes past their retention deleted, expired
sessions cleared). A task never run yet runs at start.
"""

import time
from datetime import UTC, datetime

from celery.schedules import maybe_schedule
from django.core.cache import cache
from django.core.management.base import BaseCommand

from config.celery import app

LAST_RUN = "run_periodic:last:"
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


class Command(BaseCommand):
    help = "Run the periodic tasks of CELERY_BEAT_SCHEDULE in process (embedded mode)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every scheduled task once, then exit."
        )

    def handle(self, *args, once, **options):
        app.loader.import_default_modules()
        entries = {
            name: (app.tasks[entry["task"]], maybe_schedule(entry["schedule"], app=app), entry)
            for name, entry in app.conf.beat_schedule.items()
        }
        if once:
            for name in entries:
                self._run(name, entries[name])
            return

        self.stdout.write(f"Running {len(entries)} periodic task(s) in process. Ctrl-C stops.")
        # What this process ran, should the cache fail to say or keep it for a while.
        ran_here = {}
        while True:
            wait = 60.0
            for name, (task, schedule, entry) in entries.items():
                is_due, next_check = schedule.is_due(self._last_run(name, ran_here))
                if is_due:
                    self._run(name, (task, schedule, entry))
                    ran_here[name] = app.now()
                    self._keep_last_run(name, ran_here[name])
                    is_due, next_check = schedule.is_due(app.now())
                wait = min(wait, max(next_check, 1.0))
            time.sleep(wait)

    def _last_run(self, name, ran_here):
        try:
            kept = cache.get(LAST_RUN + name)
        except Exception as error:  # the database busy, say: keep the loop alive
            self.stderr.write(f"{name}: when it last ran could not be read: {error!r}")
            kept = None
        return max(filter(None, (kept, ran_here.get(name))), default=NEVER)

    def _keep_last_run(self, name, moment):
        try:
            cache.set(LAST_RUN + name, moment, timeout=None)
        except Exception as error:  # kept in this process meanwhile (`ran_here`)
            self.stderr.write(f"{name}: when it ran could not be kept: {error!r}")

    def _run(self, name, item):
        task, _schedule, entry = item
        try:
            task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True)
        except Exception as error:  # Keep the loop alive; beat would too.
            self.stderr.write(f"{name} failed: {error!r}")
        else:
            self.stdout.write(f"{name}: done")
