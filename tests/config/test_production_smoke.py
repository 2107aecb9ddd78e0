"""Start the production processes without Docker and check that they answer.

The same commands as docker-compose.yml: gunicorn with production settings, a
Celery worker and Celery beat, against the PostgreSQL and Redis servers named by
DATABASE_URL and REDIS_URL (CI sets both). A fresh database is created and dropped.
"""

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.servers import free_port, needs_postgresql, needs_redis

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.production,
    needs_postgresql,
    needs_redis,
]


def with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=path))


@pytest.fixture(scope="module")
def smoke_database():
    name = f"rm_smoke_{secrets.token_hex(4)}"
    admin_url = with_path(DATABASE_URL, "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield with_path(DATABASE_URL, f"/{name}")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class Inbox:
    """A real SMTP server (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture(scope="module")
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture(scope="module")
def production(smoke_database, smtp, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": smoke_database,
        # A Redis database of its own, so the suite's cache clearing cannot touch its queue.
        "REDIS_URL": with_path(REDIS_URL, "/14"),
        "STATIC_ROOT": str(tmp / "static"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp[0].port),
        "EMAIL_USE_TLS": "0",
        "DEFAULT_FROM_EMAIL": "Reverse mentoring <mentoring@example.org>",
    }

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
            capture_output=True,
        )

    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")

    with contextlib.ExitStack() as stack:
        logs = {
            name: stack.enter_context(open(tmp / f"{name}.log", "w+"))
            for name in ("web", "worker", "beat")
        }
        yield from run_processes(env, port, tmp, logs)


def run_processes(env, port, tmp, logs):
    commands = {
        "web": [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--config",
            "python:config.gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
        ],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp / "celerybeat-schedule"),
        ],
    }
    processes = {
        name: subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=logs[name],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for name, command in commands.items()
    }
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: get(base + "/healthz").status == 200, "gunicorn to answer /healthz")
        yield {"base": base, "env": env, "processes": processes, "logs": logs}
    finally:
        for process in processes.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, headers=None) -> Response:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=5) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())
    except OSError:
        return Response(0, {}, b"")


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def log_text(production, name):
    log = production["logs"][name]
    log.flush()
    return Path(log.name).read_text()


def test_healthz_reports_database_and_redis(production):
    response = get(production["base"] + "/healthz")
    assert response.status == 200
    assert json.loads(response.body) == {"database": "ok", "redis": "ok"}


def test_a_page_answers_over_https_behind_the_proxy(production):
    response = get(production["base"] + "/", {"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert b"Reverse mentoring" in response.body
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_plain_http_is_redirected_to_https(production):
    response = get(production["base"] + "/accounts/login/")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_static_files_are_served_hashed_and_compressed(production):
    page = get(production["base"] + "/", {"X-Forwarded-Proto": "https"}).body.decode()
    css = page.split('href="/static/vendor/bootstrap/')[1].split('"')[0]
    assert css.startswith("bootstrap.min.")
    assert css != "bootstrap.min.css"
    response = get(
        production["base"] + "/static/vendor/bootstrap/" + css,
        {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"


def test_the_worker_consumes_tasks_from_redis(production):
    code = "from config.celery import app; print(app.send_task('config.ping').get(timeout=30))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production["env"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "pong", result.stderr + log_text(production, "worker")


def test_beat_is_running(production):
    wait_for(lambda: "beat: Starting" in log_text(production, "beat"), "beat to start")
    assert production["processes"]["beat"].poll() is None


def test_emails_go_through_the_worker_to_the_mail_server(production, smtp):
    _, inbox = smtp
    code = (
        "import django; django.setup(); "
        "from accounts.mail import send_templated_mail; "
        "send_templated_mail('mentoring/email/application_declined', to='amara@example.org', "
        "context={'application': {'applicant': {'get_short_name': 'Amara'}}, "
        "'programme': {'name': 'Pilot'}})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**production["env"], "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

    wait_for(lambda: inbox.messages, "the worker to deliver the email")
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["amara@example.org"]
    assert b"Your reverse mentoring application" in envelope.content
