import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.ping", ignore_result=False)
def ping() -> str:
    """Answers "pong": lets a deployment check that a worker consumes the queue."""
    return "pong"


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_to_start_unready(**kwargs):
    # Celery logs and ignores an exception raised by a signal handler; SystemExit stops it.
    from django.core.exceptions import ImproperlyConfigured

    from config.startup import require_production_settings

    try:
        require_production_settings()
    except ImproperlyConfigured as error:
        raise SystemExit(f"ImproperlyConfigured: {error}") from None
