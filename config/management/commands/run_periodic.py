"""Beat for the embedded mode: runs CELERY_BEAT_SCHEDULE in this process.

Without Redis there is no broker for `celery beat` to talk to, so `make run`
starts this beside the development server. Tasks run eagerly, here, on the same
schedule that beat uses in production.

When each task last ran is kept in the shared cache (the database's table in the embedded
mode), as beat keeps it in its schedule file: `make run` stopped every evening and started
every morning still runs the daily tasks (notes past their retention deleted, expired
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
        while True:
            wait = 60.0
            for name, (task, schedule, entry) in entries.items():
                is_due, next_check = schedule.is_due(cache.get(LAST_RUN + name) or NEVER)
                if is_due:
                    self._run(name, (task, schedule, entry))
                    cache.set(LAST_RUN + name, app.now(), timeout=None)
                    is_due, next_check = schedule.is_due(app.now())
                wait = min(wait, max(next_check, 1.0))
            time.sleep(wait)

    def _run(self, name, item):
        task, _schedule, entry = item
        try:
            task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True)
        except Exception as error:  # Keep the loop alive; beat would too.
            self.stderr.write(f"{name} failed: {error!r}")
        else:
            self.stdout.write(f"{name}: done")
