"""Real server processes for the tests in this folder: `servers` starts two gunicorns (one
worker each, production settings) against the test database, with either cache production
may use: Redis (REDIS_URL) or the database cache (CACHE=database)."""

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.servers import free_port, needs_redis, test_database_url, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production settings serve hashed static files: collect them once."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, "STATIC_ROOT": str(root), "DEBUG": "0"},
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture(
    params=[
        pytest.param("redis", id="redis", marks=needs_redis),
        pytest.param("database", id="database-cache"),
    ]
)
def servers(request, static_root, tmp_path, transactional_db):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ALLOWED_SIGNUP_DOMAINS": "example.org",
        "DATABASE_URL": test_database_url(),
        "CONN_MAX_AGE": "0",
        "CACHE": request.param,
        "STATIC_ROOT": str(static_root),
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies sent without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        # What production's emails need (config/startup.py): here they are printed to the
        # log, on purpose, as no test in this folder reads them.
        "SITE_URL": "http://127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Reverse mentoring <mentoring@example.org>",
        "EMAIL_TO_CONSOLE": "1",
    }
    if request.param == "database":
        # A deployment without Redis: the database cache, and tasks run in process.
        env.pop("REDIS_URL", None)
        with override_settings(CACHES=DATABASE_CACHE):
            call_command("createcachetable")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_cache")
    processes, bases = [], []
    try:
        for number in (1, 2):
            port = free_port()
            log = open(tmp_path / f"web{number}.log", "w+")  # noqa: SIM115 (closed below)
            processes.append(
                (
                    subprocess.Popen(
                        [
                            str(BIN / "gunicorn"),
                            "config.wsgi",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--workers",
                            "1",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    ),
                    log,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for (process, log), base in zip(processes, bases, strict=True):
            wait_until_serving(base, process, log)
        yield bases
    finally:
        for process, _ in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process, log in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()
