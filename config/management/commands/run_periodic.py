"""Beat for the embedded mode: runs CELERY_BEAT_SCHEDULE in this process.

Without Redis there is no broker for `celery beat` to talk to, so `make run`
starts this beside the development server. Tasks run eagerly, here, on the same
schedule that beat uses in production.
"""

import time

from celery.schedules import maybe_schedule
from django.core.management.base import BaseCommand

from config.celery import app


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
        last_run = {name: app.now() for name in entries}
        while True:
            wait = 60.0
            for name, (task, schedule, entry) in entries.items():
                is_due, next_check = schedule.is_due(last_run[name])
                if is_due:
                    self._run(name, (task, schedule, entry))
                    last_run[name] = app.now()
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
