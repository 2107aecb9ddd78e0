"""The embedded mode's SQLite database takes two people writing at once without answering
"database is locked".

Two processes, each with the project's settings on one SQLite file, accept board-member
invitations at the same moment (the invitation is read, then the account, its address and
the programme places are written, in one transaction). Without a busy timeout and
transactions that take the write lock as they begin, one of two overlapping transactions
fails at once with "database is locked"."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PER_PROCESS = 25

SETUP = """
import json, sys
import django
django.setup()
from accounts.models import Invitation, User
from accounts.tokens import new_token

batches = []
for process in range(2):
    ids = []
    for n in range({per_process}):
        email = f"board{{process}}-{{n}}@example.org"
        User.objects.create_user(email=email, password=None, full_name=f"Board {{n}}")
        _, token_hash = new_token()
        invitation = Invitation.objects.create(
            email=email, token_hash=token_hash, expires_at=Invitation.default_expiry()
        )
        ids.append(invitation.pk)
    batches.append(ids)
print(json.dumps(batches))
"""

ACCEPT = """
import json, os, sys, time
import django
django.setup()
from accounts.models import Invitation, User
from accounts.services import invitation_accept_existing_user

ids = json.loads(sys.argv[1])
go = sys.argv[2]
invitations = [Invitation.objects.get(pk=pk) for pk in ids]
users = {{i.pk: User.objects.get(email=i.email) for i in invitations}}
while not os.path.exists(go):
    time.sleep(0.001)
errors = []
for invitation in invitations:
    try:
        invitation_accept_existing_user(invitation=invitation, user=users[invitation.pk])
    except Exception as error:
        errors.append(f"{{type(error).__name__}}: {{error}}")
print(json.dumps(errors))
"""


def environment(database: Path) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "CACHE", "DEBUG") and not k.startswith("DJANGO_")
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment(path),
        check=True,
        timeout=300,
    )
    return path


def test_two_people_accepting_invitations_at_once_are_both_let_in(database, tmp_path):
    env = environment(database)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP.format(per_process=PER_PROCESS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert setup.returncode == 0, setup.stderr
    batches = json.loads(setup.stdout.strip().splitlines()[-1])

    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", ACCEPT.format(), json.dumps(batch), str(go)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for batch in batches
    ]
    time.sleep(5)  # both have loaded Django and wait at the line
    go.touch()
    outcomes = [worker.communicate(timeout=300) for worker in workers]

    for (out, err), worker in zip(outcomes, workers, strict=True):
        assert worker.returncode == 0, err
        assert json.loads(out.strip().splitlines()[-1]) == []
    with sqlite3.connect(database) as db:
        [(accepted,)] = db.execute(
            "SELECT count(*) FROM accounts_invitation WHERE accepted_at IS NOT NULL"
        ).fetchall()
    assert accepted == 2 * PER_PROCESS


def test_the_embedded_database_lets_readers_in_while_someone_writes(database):
    with sqlite3.connect(database) as db:
        [(mode,)] = db.execute("PRAGMA journal_mode").fetchall()
    assert mode == "wal"
