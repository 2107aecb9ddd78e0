"""Moving the test database's schema to a migration and back, for tests of a data migration.

A test goes back to the migration before the one it tests, writes rows as they were then,
and comes forward again to the latest migration of every app (never only to the one it
tests: the tests after it need every later migration applied)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


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
    then = (
        MigrationExecutor(connection)
        .loader.project_state(targets)
        .apps.get_model(built._meta.app_label, built._meta.model_name)
    )
    columns = {field.attname for field in then._meta.concrete_fields}
    return then.objects.create(
        **{
            field.attname: getattr(built, field.attname)
            for field in built._meta.concrete_fields
            if field.attname in columns and not field.primary_key
        }
    )
