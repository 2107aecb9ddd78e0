from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from mentoring.reminders import reminders_dispatch as dispatch

# Written by each run, read by `manage.py mail_status`: a fresh value shows that beat
# schedules the dispatcher and a worker runs it (the cache is Redis in production).
LAST_RUN_KEY = "reminders:last-run"


@shared_task(name="mentoring.tasks.reminders_dispatch", ignore_result=True)
def reminders_dispatch() -> dict[str, int]:
    """Celery beat runs this every few minutes (see CELERY_BEAT_SCHEDULE)."""
    written = dispatch()
    cache.set(LAST_RUN_KEY, timezone.now().isoformat(), timeout=None)
    return written
