"""PostgreSQL timestamps are parsed by psycopg's compiled loader (config/postgresql), and
read back exactly as Django's own loader reads them: the same instant, in UTC."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

from config.postgresql.base import COMPILED, TIMESTAMPTZ_OID
from tests.servers import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db]

LONDON = ZoneInfo("Europe/London")
MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),  # before the clocks go forward
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # after
    datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),  # the hour that happens twice
    datetime(2026, 11, 29, 18, 45, 12, 5, tzinfo=ZoneInfo("Asia/Kolkata")),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
]


def _read(moment):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [moment])
        return cursor.fetchone()[0]


def test_timestamps_are_parsed_by_the_compiled_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert issubclass(loader, BaseTzLoader)  # Django's time zone, and its checks, kept
    assert COMPILED.__module__.startswith(("psycopg_binary", "psycopg_c"))  # compiled
    instance = loader(TIMESTAMPTZ_OID, connection.connection)
    assert instance._parse.__self__.__class__ is COMPILED


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_timestamp_reads_back_as_the_same_instant_in_utc(moment):
    read = _read(moment)
    # In UTC: an hour that happens twice equals no time of another zone (PEP 495).
    assert read == moment.astimezone(UTC)
    assert read.utcoffset() == timedelta(0)
    assert read.tzinfo == connection.timezone
