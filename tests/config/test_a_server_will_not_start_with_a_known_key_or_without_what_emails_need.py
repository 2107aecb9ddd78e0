"""Outside DEBUG, a server (gunicorn, an ASGI server, a Celery worker) refuses to start, naming
the variable, with a signing key others may know or without what its emails need: links
that lead to the site, a mail server, and a sender (config/startup.py)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.config.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
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


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CHOOSERS}
    return subprocess.run(
        args, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def start_web_server(env: dict) -> subprocess.CompletedProcess:
    """What gunicorn does as it loads the application (config.wsgi checks the settings)."""
    return run([sys.executable, "-c", "import config.wsgi"], env)


def env_example() -> dict:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def env_example_with_every_change_made() -> dict:
    """.env.example as its first line asks: every value marked CHANGE replaced by a new one."""
    made = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    password = secrets.token_urlsafe(20)
    env = {}
    for name, value in env_example().items():
        env[name] = made.get(name) or value.replace("CHANGE-me", password)
    assert not [name for name, value in env.items() if "CHANGE" in value]
    return env


def test_the_complete_production_environment_starts():
    result = start_web_server(COMPLETE)

    assert result.returncode == 0, result.stderr


# A signing key others may know


def test_the_placeholder_secret_key_of_env_example_is_refused():
    """Copied and left as it is, .env.example's key is one anyone can read in the repository:
    allauth signs its address confirmation links with SECRET_KEY alone."""
    result = start_web_server(env_example())

    assert result.returncode != 0
    assert "SECRET_KEY is still the placeholder of .env.example" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("insecure-test-only-key", id="short"),
        pytest.param("ab" * 40, id="few-different-characters"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="made-for-development"),
    ],
)
def test_a_key_djangos_deploy_check_calls_weak_is_refused(key):
    result = start_web_server({**COMPLETE, "SECRET_KEY": key})

    assert result.returncode != 0
    assert "Your SECRET_KEY has less than 50 characters" in result.stderr


def test_the_embedded_mode_starts_with_a_short_key():
    result = start_web_server({**COMPLETE, "DEBUG": "1", "SECRET_KEY": "insecure-test-only-key"})

    assert result.returncode == 0, result.stderr


def test_env_example_with_every_change_made_passes_the_deploy_check_and_starts():
    """README: with the values of .env.example, once those marked CHANGE are replaced,
    `check --deploy` reports no issue and gunicorn starts."""
    env = env_example_with_every_change_made()

    check = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues" in check.stdout
    started = start_web_server(env)
    assert started.returncode == 0, started.stderr


# What emails need


@pytest.mark.parametrize(
    ("missing", "says"),
    [
        ("SITE_URL", "the site's address (https://…), which every link in an email starts with"),
        ("EMAIL_HOST", "the mail server that sends them"),
        ("DEFAULT_FROM_EMAIL", "the address they come from"),
    ],
)
def test_a_server_without_what_its_emails_need_is_refused(missing, says):
    """Left to the embedded mode's defaults, every link would lead to 127.0.0.1:8000, the
    reader's own machine (SITE_URL); every email would be printed to the log and marked sent
    (EMAIL_HOST); and they would come from mentoring@localhost, which the account pages would
    also give as the programme office's address (DEFAULT_FROM_EMAIL)."""
    env = {k: v for k, v in COMPLETE.items() if k != missing}

    result = start_web_server(env)

    assert result.returncode != 0
    assert f"Set:\n  {missing}: {says}" in result.stderr


def test_every_missing_variable_is_named_at_once():
    env = {
        k: v
        for k, v in COMPLETE.items()
        if k not in ("SITE_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL")
    }

    result = start_web_server(env)

    assert result.returncode != 0
    said = result.stderr[result.stderr.index("Emails cannot go out as they should. Set:") :]
    assert [line.split(":")[0] for line in said.splitlines()[1:]] == [
        "  SITE_URL",
        "  EMAIL_HOST",
        "  DEFAULT_FROM_EMAIL",
    ]


def test_the_celery_worker_refuses_to_start_without_a_mail_server():
    """The worker is what sends the emails."""
    env = {k: v for k, v in COMPLETE.items() if k != "EMAIL_HOST"}
    celery = str(Path(sys.executable).parent / "celery")

    result = run([celery, "-A", "config", "worker", "--pool", "solo"], env)

    assert result.returncode != 0
    assert "  EMAIL_HOST: the mail server that sends them" in result.stdout + result.stderr


def test_printing_emails_instead_is_started_only_when_asked_for():
    without_mail_server = {k: v for k, v in COMPLETE.items() if k != "EMAIL_HOST"}

    asked = start_web_server({**without_mail_server, "EMAIL_TO_CONSOLE": "1"})
    both = start_web_server({**COMPLETE, "EMAIL_TO_CONSOLE": "1"})

    assert asked.returncode == 0, asked.stderr
    assert both.returncode != 0
    assert "Set EMAIL_HOST (send emails) or EMAIL_TO_CONSOLE (print them), not both." in (
        both.stderr
    )
