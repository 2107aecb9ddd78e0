"""Production refuses to start without a cache every process shares (the sign-in rate limits
and used one-time codes live there); the embedded mode uses the database cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production import PRODUCTION_ENV, dry_run

ROOT = Path(__file__).resolve().parents[2]
# What the environment may hold that would choose a cache or a mode for the child process.
CHOOSERS = ("SECRET_KEY", "DEBUG", "REDIS_URL", "CACHE", "DATABASE_URL")


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in CHOOSERS}
    return subprocess.run(
        args, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def cache_backend(**env) -> str:
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        DJANGO_SETTINGS_MODULE="config.settings",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().rsplit(".", 1)[-1]


def test_the_web_server_refuses_to_start_without_a_shared_cache():
    result = run([sys.executable, "-c", "import config.wsgi"], **PRODUCTION_ENV)

    assert result.returncode != 0
    assert "not shared between processes" in result.stderr
    assert "Set REDIS_URL, or CACHE=database" in result.stderr


def test_the_asgi_server_refuses_to_start_without_a_shared_cache():
    result = run([sys.executable, "-c", "import config.asgi"], **PRODUCTION_ENV)

    assert result.returncode != 0
    assert "not shared between processes" in result.stderr


@pytest.mark.parametrize("program", ["worker", "beat"])
def test_celery_refuses_to_start_without_a_shared_cache(program, tmp_path):
    args = [str(Path(sys.executable).parent / "celery"), "-A", "config", program]
    if program == "beat":
        args += ["--schedule", str(tmp_path / "schedule")]

    result = run(args, **PRODUCTION_ENV)

    assert result.returncode != 0
    assert "not shared between processes" in result.stdout + result.stderr


@pytest.mark.parametrize("env", [{"CACHE": "database"}, {"REDIS_URL": "redis://127.0.0.1:6379/15"}])
def test_the_web_server_starts_with_the_database_cache_or_redis(env):
    result = run([sys.executable, "-c", "import config.wsgi"], **PRODUCTION_ENV, **env)

    assert result.returncode == 0, result.stderr


def test_without_redis_or_a_choice_production_settings_have_only_a_per_process_cache():
    assert cache_backend(**PRODUCTION_ENV) == "LocMemCache"


def test_redis_url_makes_redis_the_cache():
    assert cache_backend(**PRODUCTION_ENV, REDIS_URL="redis://127.0.0.1:6379/15") == "RedisCache"


def test_the_embedded_mode_uses_the_database_cache():
    assert cache_backend(DEBUG="1") == "DatabaseCache"


def test_a_cache_that_is_not_offered_fails_loudly():
    result = run(
        [sys.executable, "-c", "import django; django.setup()"],
        DJANGO_SETTINGS_MODULE="config.settings",
        CACHE="memcached",
        **PRODUCTION_ENV,
    )
    assert result.returncode != 0
    assert "CACHE must be redis, database or memory, not 'memcached'" in result.stderr


def test_make_run_creates_the_cache_table_after_migrating():
    commands = dry_run()
    assert commands.index("manage.py migrate") < commands.index("manage.py createcachetable")
    assert commands.index("manage.py createcachetable") < commands.index("runserver")
