"""An annotation that reads other tables about each row (subqueries reading the row's own
columns through OuterRef), its SQL worked out once per process.

Django builds such an annotation and compiles its subqueries again for every query: the
list of applications' `is_briefed` (`with_briefed`, two subqueries) cost it some 6,000
Python calls a page, an eighth of them. `Prebuilt(build, name)` has the ORM build the
annotation `name` of the queryset `build()` and compile it once; afterwards each query that
annotates with `prebuilt.expression()` writes that SQL, with the row's table as that query
names it, where it named the row's table: an alias once the query is itself a subquery (the
filters' counts, `pk__in=…`), which Django's relabelling of the row's column follows.

The annotation's own subqueries keep the aliases Django gave them (U0, U1…), and the query
it is added to keeps those prefixes out of its own, as Django's subqueries do
(`subq_aliases`): nested in another query in turn, that query takes another prefix. The
SQL is the same, word for word, as the annotation Django builds each time.

Like accounts.statements, a builder must give the same SQL on every call: constants, and
the row's columns, alone; and `build()` is the model's rows with that annotation, nothing
more. The first time it is compiled for a database, `check` holds it to that: the ORM
builds the annotation again, and a query reading it (alone, and nested in another query)
must be the same SQL, word for word and argument for argument, with the annotation compiled
once as with the ORM's own; building it may not read the database (a value read then would
stay the first one read). Anything else (a builder whose SQL changes from call to call, a
Django whose subqueries no longer take aliases of their own, so that the row's table is
named inside them too) is refused there and then (`NotPrebuilt`), not answered with the
wrong rows. `tests/mentoring/test_admin_prebuilt.py` checks every annotation prebuilt."""

import threading
from collections.abc import Callable
from contextlib import ExitStack

from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.expressions import Expression

# Every annotation prebuilt, for the tests to check each one.
PREBUILT: list["Prebuilt"] = []


class NotPrebuilt(Exception):
    """The annotation compiled once would not read as the ORM builds it."""


class Prebuilt:
    """The annotation `name` of `build()`, compiled once for each database vendor."""

    def __init__(self, build: Callable[[], QuerySet], name: str):
        self.build = build
        self.name = name
        self._built = None
        self._compiled: dict[str, tuple[list[str], tuple]] = {}  # checked
        self._checking = threading.local()  # a thread's, by vendor, while `check` runs
        PREBUILT.append(self)

    def expression(self) -> "PrebuiltExpression":
        """What `annotate()` takes, in place of `build()`'s own annotation."""
        return PrebuiltExpression(self)

    @property
    def built(self):
        """The queryset built once, and its annotation resolved against it."""
        if self._built is None:
            query = self._build().query
            self._built = (query, query.annotations[self.name])
        return self._built

    def _build(self) -> QuerySet:
        """`build()`, refusing it if it reads the database."""
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(self._refuse_reads))
            return self.build()

    def _refuse_reads(self, execute, sql, params, many, context):
        raise NotPrebuilt(f"{self.name}: it reads the database while it is built ({sql[:80]}…)")

    def compiled(self, connection) -> tuple[list[str], tuple]:
        """The annotation's SQL, in pieces around its reads of the row's table, and its
        arguments."""
        vendor = connection.vendor
        found = self._compiled.get(vendor) or getattr(self._checking, vendor, None)
        if found is None:
            query, annotation = self.built
            compiler = query.get_compiler(connection=connection)
            sql, params = compiler.compile(annotation)
            # Every table of its subqueries has an alias of its own (Django's `bump_prefix`):
            # the row's table, by its name, is the row's.
            row = f"{compiler.quote_name_unless_alias(query.base_table)}."
            found = (sql.split(row), tuple(params))
            # Until `check` passes, only this thread's check reads it; another thread
            # compiling meanwhile checks its own.
            setattr(self._checking, vendor, found)
            try:
                self.check(connection)
            finally:
                delattr(self._checking, vendor)
            self._compiled[vendor] = found
        return found

    def check(self, connection) -> None:
        """Refuse (`NotPrebuilt`) an annotation whose SQL, compiled once, a query reading it
        would not write as the ORM writes its own, built again now: read alone, and nested in
        another query (a list's filter counts, `pk__in=…`), whose aliases differ."""
        built, _ = self.built
        model = built.model
        ours = model._default_manager.annotate(**{self.name: self.expression()})
        djangos = self._build()
        for shape, read in (("alone", _read_alone), ("nested", _read_nested)):
            said, expected = (
                read(rows, self.name).query.get_compiler(connection=connection).as_sql()
                for rows in (ours, djangos)
            )
            if said[0] != expected[0] or tuple(said[1]) != tuple(expected[1]):
                raise NotPrebuilt(
                    f"{self.name}: read {shape}, its SQL is not the ORM's own\n"
                    f"{said[0]}\n{expected[0]}"
                )


def _read_alone(rows: QuerySet, name: str) -> QuerySet:
    return rows.values_list("pk", name)


def _read_nested(rows: QuerySet, name: str) -> QuerySet:
    chosen = rows.filter(**{f"{name}__isnull": False}).values("pk")
    return rows.model._default_manager.filter(pk__in=chosen)


class PrebuiltExpression(Expression):
    """`Prebuilt.expression()`: its SQL, reading the row of the query it is added to. Its
    one source expression is the row's id, whose alias follows the query's relabelling."""

    def __init__(self, prebuilt: Prebuilt):
        _, annotation = prebuilt.built
        super().__init__(output_field=annotation.output_field)
        self.prebuilt = prebuilt
        self.row = None

    def get_source_expressions(self):
        return [] if self.row is None else [self.row]

    def set_source_expressions(self, exprs):
        (self.row,) = exprs or (None,)

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        if self.row is not None:  # resolved already: it reads the row of its own query
            return self
        built, _ = self.prebuilt.built
        prefixes = built.subq_aliases - {built.alias_prefix}
        if query.model is not built.model or query.alias_prefix in prefixes:
            # Never from the ORM's querysets, which start from Django's first prefix.
            raise ValueError(f"{self.prebuilt.name} is built for a query on {built.model}")
        query.subq_aliases = query.subq_aliases | prefixes
        resolved = self.copy()
        resolved.row = F("pk").resolve_expression(query, allow_joins, reuse, summarize)
        return resolved

    def as_sql(self, compiler, connection):
        pieces, params = self.prebuilt.compiled(connection)
        row = f"{compiler.quote_name_unless_alias(self.row.alias)}."
        return row.join(pieces), params
