"""The real servers some tests need: PostgreSQL (two transactions at once, the production
processes) and Redis (a Celery worker, a shared cache across servers).

Such a test is marked `needs_postgresql` or `needs_redis`. Without the server it fails and
says which variable to set; it never skips, so a run that lacks a server cannot pass
unnoticed. `make test` points DATABASE_URL and REDIS_URL at the local servers unless they
are set already.
"""

import os

import pytest
from django.conf import settings

needs_postgresql = pytest.mark.needs_postgresql
needs_redis = pytest.mark.needs_redis


def missing_servers(item) -> list[str]:
    missing = []
    if (
        item.get_closest_marker("needs_postgresql")
        and "postgresql" not in settings.DATABASES["default"]["ENGINE"]
    ):
        missing.append("PostgreSQL (set DATABASE_URL to a PostgreSQL database)")
    if item.get_closest_marker("needs_redis") and not os.environ.get("REDIS_URL"):
        missing.append("Redis (set REDIS_URL)")
    return missing
