import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone
from redis import RedisError

from mentoring.reminders import reminders_dispatch as dispatch
from mentoring.services.retention import notes_apply_retention as apply_retention

# Written by each run, read by `manage.py mail_status`: a fresh value shows that beat
# schedules the dispatcher and a worker runs it (the cache is Redis in production).
LAST_RUN_KEY = "reminders:last-run"

logger = logging.getLogger(__name__)


@shared_task(name="mentoring.tasks.reminders_dispatch", ignore_result=True)
def reminders_dispatch() -> dict[str, int]:
    """Celery beat runs this every few minutes (see CELERY_BEAT_SCHEDULE)."""
    written = dispatch()
    try:
        cache.set(LAST_RUN_KEY, timezone.now().isoformat(), timeout=None)
    except RedisError:  # the reminders are written: only the health check's mark is missed
        logger.warning("Could not record the dispatcher's run: the cache is away.")
    return written


@shared_task(name="mentoring.tasks.notes_apply_retention", ignore_result=True)
def notes_apply_retention() -> int:
    """Celery beat runs this hourly: what ended pairs wrote is deleted once their programme's
    retention period has passed. Returns how many pairs were cleared."""
    return apply_retention().pairs
