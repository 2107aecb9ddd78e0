"""Django's PostgreSQL backend, reading timestamps with psycopg's compiled parser.

Django reads every `timestamptz` value through a loader of its own (it sets the time zone
Django expects), and that loader derives from psycopg's pure-Python one: so every timestamp
of every row was parsed by a regular expression in Python, even with psycopg's C extension
installed (Django ticket #36960; psycopg's compiled loaders cannot be subclassed). A page
reading a pair's meetings parsed some 150 timestamps that way, a tenth of its time. This
backend's loader parses with the compiled loader (psycopg's public `adapters.get_loader`,
the pure-Python one when the extension is missing), then sets the time zone as Django's
does: the same datetimes, at a fraction of the cost. Selected in config/settings.py for
every PostgreSQL database."""

from functools import lru_cache

from django.conf import settings
from django.db.backends.postgresql import base, psycopg_any
from psycopg import adapters
from psycopg.adapt import AdaptersMap
from psycopg.postgres import types
from psycopg.pq import Format

TIMESTAMPTZ_OID = types["timestamptz"].oid
COMPILED = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


class TimestamptzLoader(psycopg_any.BaseTzLoader):
    """Django's loader (its `timezone`, its result), parsing with psycopg's compiled one."""

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._parse = COMPILED(oid, context).load

    def load(self, data):
        return self._parse(data).replace(tzinfo=self.timezone)


@lru_cache
def adapters_template(use_tz, timezone) -> AdaptersMap:
    """Django's adapters for a connection, with the timestamp loader above."""
    context = AdaptersMap(psycopg_any.get_adapters_template(use_tz, timezone))
    loader = type("SpecificTimestamptzLoader", (TimestamptzLoader,), {"timezone": timezone})
    context.register_loader("timestamptz", loader)
    return context


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if "context" in params:  # psycopg 3 (psycopg2 has no loaders to replace)
            params["context"] = adapters_template(settings.USE_TZ, self.timezone)
        return params
