"""A deployment changes its key (a short one no longer starts the servers) by moving the old
one to SECRET_KEY_FALLBACKS: a session signed with it still reads, and new ones are signed
with the new key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD = "o" * 20 + "ld-key-of-forty-characters-0123"
NEW = "n3w-" + "k" * 30 + "-a-long-random-key-for-signing-0123456789"

SCRIPT = f"""
from django.core import signing
from django.conf import settings
print(signing.loads(signing.dumps("hello", key={OLD!r})))
print(signing.dumps("x") == signing.dumps("x", key=settings.SECRET_KEY))
"""


def test_what_the_old_key_signed_still_reads_once_it_is_a_fallback():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": NEW,
        "SECRET_KEY_FALLBACKS": f" {OLD} , ",
    }
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["hello", "True"]
