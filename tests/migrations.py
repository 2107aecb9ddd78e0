"""Moving the test database's schema to a migration and back, for tests of a data migration.

A test goes back to the migration before the one it tests, writes rows as they were then,
and comes forward again to the latest migration of every app (never only to the one it
tests: the tests after it need every later migration applied). Rows written while the
schema is back go through `saved_as_then`: today's models and factories write the columns
added since, which are not there yet. Rows the migration only has to find may instead be
written with today's code before going back."""

from functools import cache

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader


def migrate_to(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def saved_as_then(targets: list[tuple[str, str]], built):
    """Save `built` (today's model, not yet saved: a factory's `build`) as a row of its table
    as the table was at `targets`: only the columns it had then, since a column added later
    is not there yet. Returns the row as that migration's model."""
    then = _models_then(tuple(targets)).get_model(built._meta.app_label, built._meta.model_name)
    columns = {field.attname for field in then._meta.concrete_fields}
    return then.objects.create(
        **{
            field.attname: getattr(built, field.attname)
            for field in built._meta.concrete_fields
            if field.attname in columns and not field.primary_key
        }
    )


@cache
def _models_then(targets: tuple[tuple[str, str], ...]):
    # Working out a past schema replays every migration before it: once per schema a run.
    return MigrationLoader(None, ignore_no_migrations=True).project_state(list(targets)).apps
