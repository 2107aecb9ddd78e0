from celery import shared_task

from mentoring.reminders import reminders_dispatch as dispatch


@shared_task(name="mentoring.tasks.reminders_dispatch", ignore_result=True)
def reminders_dispatch() -> dict[str, int]:
    """Celery beat runs this every few minutes (see CELERY_BEAT_SCHEDULE)."""
    return dispatch()
