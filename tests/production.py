"""The project as production runs it, for the tests of its settings and servers: a
production environment (`PRODUCTION_ENV`, and `COMPLETE` with a shared cache), a command run
with nothing else choosing its settings (`run_with`), a web server started
(`start_web_server`), the commands `make run` would run (`dry_run`), and `run_periodic` left
running for hours (`serve_for`, with `only_the_hourly_tasks`)."""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from config.celery import app
from config.management.commands import run_periodic

ROOT = Path(__file__).resolve().parents[1]


# A production environment: a strong key, no DEBUG, and what its emails need.
PRODUCTION_ENV = {
    "SECRET_KEY": "a" * 20 + "production-secret-key-with-enough-entropy-0123456789",
    "DEBUG": "0",
    "FIELD_ENCRYPTION_KEYS": "BYclrqxVBiGaRxWMv4dfcqzSA36b2NAB2knlyl-po4g=",
    "ALLOWED_HOSTS": "mentoring.example.org",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    # What its emails need (config/startup.py).
    "SITE_URL": "https://mentoring.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "Reverse mentoring <mentoring@example.org>",
}
# Everything in this process's environment that could choose a mode or a setting.
CHOOSERS = (
    "SECRET_KEY",
    "DEBUG",
    "REDIS_URL",
    "CACHE",
    "DATABASE_URL",
    "SITE_URL",
    "EMAIL_HOST",
    "EMAIL_TO_CONSOLE",
    "DEFAULT_FROM_EMAIL",
    "PROGRAMME_OFFICE_EMAIL",
    "FIELD_ENCRYPTION_KEYS",
    "ALLOWED_HOSTS",
    "SECRET_KEY_FALLBACKS",
    # Set for the browser tests (tests/e2e/conftest.py), and refused by the deploy check.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
# A production environment complete in every respect: a shared cache, and what emails need.
COMPLETE = {**PRODUCTION_ENV, "CACHE": "database"}


def run_with(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """`args` run from the project's root with `env`, nothing else choosing a mode or a setting."""
    clean = {k: v for k, v in os.environ.items() if k not in CHOOSERS}
    return subprocess.run(
        args, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def start_web_server(env: dict) -> subprocess.CompletedProcess:
    """What gunicorn does as it loads the application (config.wsgi checks the settings)."""
    return run_with([sys.executable, "-c", "import config.wsgi"], env)


def dry_run(**env) -> str:
    """The commands `make run` would run (`-n`), the install step taken as done (`-o`)."""
    environment = {key: value for key, value in os.environ.items() if key != "PORT"}
    return subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run"],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


class _Stopped(Exception):
    """Ctrl-C, as `serve_for` stops `run_periodic`."""


def serve_for(hours: float, traveller) -> str:
    """`manage.py run_periodic` left running for `hours` (the clock moved on by each of its
    sleeps), then stopped, as Ctrl-C on `make run` stops it. Returns what it printed."""
    out = StringIO()
    until = timezone.now() + timedelta(hours=hours)

    def sleep(seconds):
        traveller.shift(timedelta(seconds=seconds))
        if timezone.now() >= until:
            raise _Stopped

    original = run_periodic.time.sleep
    run_periodic.time.sleep = sleep
    try:
        with pytest.raises(_Stopped):
            call_command("run_periodic", stdout=out, stderr=StringIO())
    finally:
        run_periodic.time.sleep = original
    return out.getvalue()


@pytest.fixture
def only_the_hourly_tasks():
    """Just the tasks that run hourly (retention, expired sessions), not those of every few
    minutes, so that simulating days of serving stays fast."""
    schedule = app.conf.beat_schedule
    hourly = {
        name: entry
        for name, entry in schedule.items()
        if name in ("delete-old-pair-notes", "clear-expired-sessions")
    }
    assert len(hourly) == 2
    app.conf.beat_schedule = hourly
    yield
    app.conf.beat_schedule = schedule
