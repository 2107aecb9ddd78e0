import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import envbool, envlist, envnumber
from tests.production import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), ("0", False), ("off", False), ("", True)]
)
def test_envbool_reads_booleans(monkeypatch, value, expected):
    monkeypatch.setenv("FLAG", value)
    assert envbool("FLAG", True) is expected


def test_envbool_fails_loudly_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        envbool("FLAG", False)


def test_envnumber_fails_loudly_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
        envnumber("COUNT", 1, minimum=1)


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,")
    assert envlist("HOSTS") == ["a.example", "b.example"]


def run_manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def start_the_web_server_without(name: str) -> subprocess.CompletedProcess:
    """Load the web server's application with the production environment but `name`."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != name}
    clean = {k: v for k, v in os.environ.items() if k not in (name, "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_web_server_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = start_the_web_server_without("SECRET_KEY")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_check_deploy_complains_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_the_web_server_refuses_to_start_without_field_encryption_keys():
    result = start_the_web_server_without("FIELD_ENCRYPTION_KEYS")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is empty" in result.stderr


def test_passwords_are_hashed_with_argon2():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    import config.settings as production

    # The suite itself uses a fast hasher (tests/conftest.py); production uses Argon2.
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("correct horse battery", hasher.salt())  # the library is installed
    assert encoded.startswith("argon2$")
    assert hasher.verify("correct horse battery", encoded)


def database_options(database_url: str, **variables: str) -> dict:
    """The connection options config.settings gives for `database_url` and `variables`,
    read in a new process (the settings module reads the environment once)."""
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DATABASE_RANDOM_PAGE_COST")
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={
            **clean,
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            **variables,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_database_options_of_database_url_are_kept():
    """`?sslmode=require` in DATABASE_URL reaches the connection, beside the prepared
    statements the settings add (they once replaced whatever the address said), and the
    server options the address gives are sent with the settings' own."""
    options = database_options(
        "postgres://app@db.example.org:5432/mentoring?sslmode=require"
        "&options=-c%20statement_timeout%3D5000"
    )
    assert options["sslmode"] == "require"
    assert options["server_side_binding"] is True
    assert options["options"] == "-c statement_timeout=5000 -c random_page_cost=1.1"


def test_the_planners_page_cost_can_be_set_or_left_to_the_server():
    url = "postgres://app@db.example.org:5432/mentoring"
    assert database_options(url, DATABASE_RANDOM_PAGE_COST="2")["options"] == (
        "-c random_page_cost=2.0"
    )
    assert "options" not in database_options(url, DATABASE_RANDOM_PAGE_COST="")


@pytest.mark.parametrize("value", ["cheap", "0", "-1", "nan", "1e9"])
def test_a_page_cost_that_is_not_a_positive_number_is_refused(value):
    script = "import django; django.setup()"
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean,
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://app@db.example.org:5432/mentoring",
            "DATABASE_RANDOM_PAGE_COST": value,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a number from 0.1 to 1000" in result.stderr


@pytest.mark.django_db
def test_the_database_plans_with_the_page_cost_the_settings_give():
    """What the connection option asks of PostgreSQL is what the server uses (the test
    database is PostgreSQL, as in production: `make test`)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
