"""Outside DEBUG, a server (gunicorn, an ASGI server, a Celery worker) refuses to start, naming
the variable, with a signing key others may know or without what its emails need: links
that lead to the site, a mail server, and a sender (config/startup.py)."""

import re
import secrets
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.production import COMPLETE, run_with, start_web_server

ROOT = Path(__file__).resolve().parents[2]


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


def deploy_check(env: dict) -> set[str]:
    """The issues `manage.py check --deploy` reports with `env`, by id (security.W005 …)."""
    check = run_with([sys.executable, "manage.py", "check", "--deploy"], env)
    said = check.stdout + check.stderr
    assert check.returncode == 0, said
    issues = set(re.findall(r"\(([\w.]+\.[CEWI]\d{3})\)", said))
    assert issues or "System check identified no issues" in said, said
    return issues


def test_env_example_with_every_change_made_passes_the_deploy_check_and_starts():
    """README: with the values of .env.example, once those marked CHANGE are replaced,
    gunicorn starts and `check --deploy` reports only the HSTS opt-ins .env.example leaves
    for later (subdomains and preload, once HTTPS works everywhere); made, it reports none."""
    env = env_example_with_every_change_made()
    hsts_raised = {
        **env,
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }

    assert deploy_check(env) == {"security.W005", "security.W021"}
    assert deploy_check(hsts_raised) == set()
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

    result = run_with([celery, "-A", "config", "worker", "--pool", "solo"], env)

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
