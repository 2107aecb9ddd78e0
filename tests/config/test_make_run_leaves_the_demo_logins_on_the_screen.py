"""A first `make run` leaves the demo's logins on the screen: printed after the emails that
seeding sends, not before."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _embedded(database: Path) -> dict:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CACHE", "DATABASE_URL", "EMAIL_HOST")
        and not key.startswith("DJANGO_")
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "1",
        "SITE_URL": "http://127.0.0.1:8000",
        "ALLOWED_SIGNUP_DOMAINS": "example.org",
        "PROGRAMME_OFFICE_EMAIL": "edi-office@example.org",
    }


def test_make_run_leaves_the_demo_logins_on_the_screen(tmp_path):
    """README: `make run` "prints each demo login as role email password". On a first run the
    logins come out first, then the two emails about the called-off learning session (with
    their calendar files, each ~140 lines), so that the terminal shows an iCalendar time
    zone where the logins should be: the last screenful holds no login."""
    env = _embedded(tmp_path / "db.sqlite3")
    for command in (["migrate", "--no-input", "-v0"], ["createcachetable"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    seeded = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert seeded.returncode == 0, seeded.stderr
    lines = seeded.stdout.splitlines()
    assert any(line.startswith("coordinator  office@example.org") for line in lines)

    last_screen = lines[-40:]  # what a terminal still shows when runserver starts
    assert any(line.startswith("coordinator  office@example.org") for line in last_screen), (
        f"{len(lines)} lines printed; the logins are at line "
        f"{next(i for i, line in enumerate(lines) if line.startswith('coordinator'))}"
    )
