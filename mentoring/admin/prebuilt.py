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
the row's columns, alone."""

from collections.abc import Callable

from django.db.models import F, QuerySet
from django.db.models.expressions import Expression


class Prebuilt:
    """The annotation `name` of `build()`, compiled once for each database vendor."""

    def __init__(self, build: Callable[[], QuerySet], name: str):
        self.build = build
        self.name = name
        self._built = None
        self._compiled: dict[str, tuple[list[str], tuple]] = {}

    def expression(self) -> "PrebuiltExpression":
        """What `annotate()` takes, in place of `build()`'s own annotation."""
        return PrebuiltExpression(self)

    @property
    def built(self):
        """The queryset built once, and its annotation resolved against it."""
        if self._built is None:
            query = self.build().query
            self._built = (query, query.annotations[self.name])
        return self._built

    def compiled(self, connection) -> tuple[list[str], tuple]:
        """The annotation's SQL, in pieces around its reads of the row's table, and its
        arguments."""
        found = self._compiled.get(connection.vendor)
        if found is None:
            query, annotation = self.built
            compiler = query.get_compiler(connection=connection)
            sql, params = compiler.compile(annotation)
            # Every table of its subqueries has an alias of its own (Django's `bump_prefix`):
            # the row's table, by its name, is the row's.
            row = f"{compiler.quote_name_unless_alias(query.base_table)}."
            found = self._compiled[connection.vendor] = (sql.split(row), tuple(params))
        return found


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
