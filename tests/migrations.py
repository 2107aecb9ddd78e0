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
