"""The throwaway database a benchmark fills and drops, on the PostgreSQL server that
DATABASE_URL names, and the settings a benchmark chooses when the environment leaves them
unset: so that `make bench-…` runs on a development machine with nothing configured."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/reverse_mentoring"


def unset_settings(**defaults: str) -> dict[str, str]:
    """What a bench uses for the settings the environment does not set: the local database,
    a throwaway SECRET_KEY, a new encryption key, and `defaults`. Sets none of them."""
    chosen = {}
    for name, value in {"DATABASE_URL": DEFAULT_DATABASE_URL, **defaults}.items():
        if not os.environ.get(name):
            chosen[name] = value
    if not os.environ.get("SECRET_KEY"):
        chosen["SECRET_KEY"] = "bench-only-insecure-key"
    if not os.environ.get("FIELD_ENCRYPTION_KEYS"):
        from cryptography.fernet import Fernet

        chosen["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    return chosen


@contextmanager
def throwaway_database(name: str, *, bench: str) -> Iterator[float]:
    """Create and migrate the database `name` beside DATABASE_URL's (Django's test database
    machinery, so the default connection then uses it); yields how long that took in
    seconds; drops it at the end, whatever happened. Exits when the server is not
    PostgreSQL (the benches measure PostgreSQL's plans and times) or when DATABASE_URL names
    `name` itself (dropping it would drop the database the bench was given)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"The {bench} needs PostgreSQL: set DATABASE_URL=postgres://…")
    if connection.settings_dict["NAME"] == name:
        sys.exit(f"DATABASE_URL names the bench's own database ({name}).")
    connection.settings_dict["TEST"]["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        print(f"database {name} dropped")
