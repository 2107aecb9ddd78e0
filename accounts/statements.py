"""Reads whose SQL is the same on every call but for a few ids, worked out once per process.

Django builds and compiles a query's SQL in Python on every call, and for a read made of
joins and subqueries that costs far more than PostgreSQL's answer: the navigation's facts
(one query of a dozen subqueries, mentoring.navigation) took 22 ms to build and 9 to compile
on a slow machine, for 2 ms in the database; the pair pages' query of five joins, 7 ms for
under 1. A `Statement` has the ORM build and compile its queryset once, with stand-in ids,
and afterwards sends that SQL with the real ids in their places; Django's own iterable then
makes the rows into what the queryset would have given (model instances with what they
select_related, dicts for `.values()`, its converters applied) and runs its
prefetch_related lookups as usual. It holds SQL text alone, never data, so each process
keeps its own.

It checks, the first time, that the stand-ins are the only arguments that change: a read
whose SQL would differ from call to call (a time of day, a list of ids of varying length,
a branch on an argument) is refused there and then, not answered wrongly later. So is one
that would keep something that changes: a value read from the database while it is built
(a programme's id, say, which would stay the one read first), or a day or time near today
(`localdate()`, which would stay the first call's day); far-off constants, such as the
year 9999 that stands for "still paired", are kept.

On PostgreSQL those constants (statuses, kinds, far-off days) are written into the SQL
itself, and the ids and moments are sent as parameters. A query sent twice on a
connection is prepared there (config.settings), and PostgreSQL then plans it once for any
parameters (a generic plan) unless that plan looks dearer than one worked out for the
values at hand, in which case it plans it again on every call. With a status as a
parameter it cannot tell how many meetings are "held" and guesses high, so the pair pages'
meetings were planned afresh on every page (0.2 to 0.4 ms of the server's time); with the
statuses in the SQL the generic plan is as good, and a partial index whose condition names
a status can serve it.

What it cannot see, a builder must not do: derive a number or text from the clock (the
month of today, `str(localdate())`), use a value kept in Python from an earlier request (a
memoised programme id, a cache), or depend on the active time zone or language (the
project never switches them per request). Builders here are SQL and constants alone.
"""

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from django.db import connections
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ValuesListIterable
from django.utils import timezone
from psycopg import sql as psycopg_sql

from accounts.values import hashable

# Ids no table reaches, within the range of a bigint (which an out-of-range value would not
# be: Django leaves such a lookup out of the SQL).
_STAND_INS = (7_340_032_515_811_001, 7_340_032_515_822_002)
# Moments two centuries and more ago, at odd times of day, and each name's a different step
# from the next in each round: a value a builder works out from one (the start of its day,
# a day later) is then no stand-in, or not the same one in both rounds, and is refused.
STAND_IN_MOMENTS = (
    datetime(1701, 3, 17, 5, 43, 21, 123457, tzinfo=UTC),
    datetime(1753, 8, 9, 17, 11, 7, 654321, tzinfo=UTC),
)
MOMENT_STEPS = (timedelta(days=1, hours=7, seconds=13), timedelta(days=9, hours=2, seconds=41))
# Likewise each id's step from the next, in each round (a builder's `person + 1`).
ID_STEPS = (1, 7919)
# A day or time in an argument this close to today follows the clock: refused.
NEAR_TODAY = timedelta(days=100 * 365)


class NotAStatement(Exception):
    """The queryset's SQL or arguments change with more than the ids given."""


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet  # built with the stand-ins: what to iterate, prefetch and convert
    sql: str
    params: tuple
    places: dict[int, str]  # argument position -> name of the id it takes
    names: frozenset[str]
    moments: frozenset[str]  # the names that take an aware datetime, not an id
    compiler: object  # the stand-ins' compiler, once compiled: see _TOLD
    # Each set of columns read (their expressions' ids) -> their converters (`_converters`),
    # and whether any is a composite key's pair of columns (`_has_composite_fields`).
    converters: dict = field(default_factory=dict)
    composite: dict = field(default_factory=dict)


# What compiling tells a compiler, which Django's iterables then read from it.
_TOLD = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")


class Statement:
    """`build(**ids)` returns a queryset whose SQL differs only by those ids (integers) and
    moments (aware datetimes, such as the time now); `statement.fetch(**ids)` is
    `list(build(**ids))`. Give it no prefetch_related: the lookups' querysets would be
    shared by every call; prefetch on the list instead."""

    def __init__(self, build: Callable[..., QuerySet], *, using: str = "default"):
        self.build = build
        self.using = using
        self._compiled: dict[str, _Compiled] = {}  # per database vendor

    @property
    def name(self) -> str:
        return getattr(self.build, "__qualname__", repr(self.build))

    def fetch(self, **ids: int | datetime) -> list:
        return list(self.rows(**ids))

    def rows(self, **ids: int | datetime) -> QuerySet:
        """`build(**ids)`, not read yet, to be read once as it is: its SQL worked out once,
        as `fetch`'s. Only to iterate: what is chained from it (`filter`, `count`) would
        send the same SQL. A caller may give it what Django applies as it reads the rows
        (`_prefetch_related_lookups`, `_known_related_objects`), assigning them anew."""
        compiled, params = self._filled(ids)
        return _filled_queryset(compiled, params)

    def sends(self, **ids: int | datetime) -> tuple[str, tuple]:
        """The SQL and arguments `rows(**ids)` sends, as `as_sent` writes them: to compare
        with another queryset's for the same rows."""
        compiled, params = self._filled(ids)
        return as_sent(compiled.sql, params, using=self.using)

    def subquery(self, **ids: int | datetime) -> RawSQL:
        """`build(**ids)` as another query reads it (`applicant__in=statement.subquery(…)`):
        its SQL, worked out once as `fetch`'s, with the ids in their places. `build` selects
        the one column compared (`.values("pk")`), unordered, and reads nothing of the query
        around it (no OuterRef)."""
        compiled, params = self._filled(ids)
        return RawSQL(compiled.sql, params)

    def _filled(self, ids: dict) -> tuple[_Compiled, tuple]:
        """The compiled statement and its arguments, each id and moment in its places."""
        connection = connections[self.using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            moments = {name for name, value in ids.items() if isinstance(value, datetime)}
            compiled = self._compiled[connection.vendor] = self._compile(sorted(ids), moments)
        if ids.keys() != compiled.names or not all(
            _is_moment(value) if name in compiled.moments else type(value) is int
            for name, value in ids.items()
        ):
            raise TypeError(
                f"{self.name} takes the ids {sorted(compiled.names - compiled.moments)} as "
                f"integers and the moments {sorted(compiled.moments)} as aware datetimes"
            )
        params = list(compiled.params)
        for place, name in compiled.places.items():
            value = ids[name]
            if name in compiled.moments:  # as Django hands a DateTimeField's value over
                value = connection.ops.adapt_datetimefield_value(value)
            params[place] = value
        return compiled, tuple(params)

    def _compile(self, names: list[str], moments: set[str]) -> _Compiled:
        first, second = (_stand_ins(names, moments, round) for round in (0, 1))
        queryset, compiler, sql, params = self._sql(first)
        _, _, sql_again, params_again = self._sql(second)
        if sql != sql_again or len(params) != len(params_again):
            raise NotAStatement(f"{self.name}: its SQL changes with the ids")
        ops = connections[self.using].ops
        by_stand_in, again = {}, {}
        for name in names:
            value, value_again = first[name], second[name]
            if name in moments:
                value, value_again = (
                    ops.adapt_datetimefield_value(v) for v in (value, value_again)
                )
            by_stand_in[value], again[name] = name, value_again
        places = {}
        for place, (value, value_again) in enumerate(zip(params, params_again, strict=True)):
            if hashable(value) and value in by_stand_in:
                if value_again != again[by_stand_in[value]]:
                    raise NotAStatement(f"{self.name}: an id moves in its SQL")
                places[place] = by_stand_in[value]
            elif value != value_again:
                raise NotAStatement(
                    f"{self.name}: argument {place} ({value!r}) changes from call to call"
                )
            elif _follows_the_clock(value):
                raise NotAStatement(f"{self.name}: argument {place} ({value!r}) is about today")
        if set(places.values()) != set(names):
            raise NotAStatement(f"{self.name}: an id is not in its SQL")
        if connections[self.using].vendor == "postgresql":
            sql, params, places = _constants_written_in(sql, params, places, self.using)
        return _Compiled(
            queryset=queryset,
            sql=sql,
            params=tuple(params),
            places=places,
            names=frozenset(names),
            moments=frozenset(moments),
            compiler=compiler,
        )

    def _sql(self, ids: dict[str, int]):
        connection = connections[self.using]
        with connection.execute_wrapper(partial(_refuse_reads, self.name)):
            queryset = self.build(**ids)
            if not isinstance(queryset, QuerySet):
                raise NotAStatement(f"{self.name}: not a queryset")
            if queryset._prefetch_related_lookups:
                raise NotAStatement(f"{self.name}: prefetch on the list it gives instead")
            compiler = queryset.query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
        return queryset, compiler, sql, tuple(params)


class _Compiling(Exception):
    pass


def _compiling(*args, **kwargs):
    raise _Compiling


def counting(queryset: QuerySet) -> QuerySet:
    """`queryset.count()` as a queryset to build a statement from: its one row is `(count,)`,
    read by the query Django's count builds (`Query.get_count`), taken as it is about to be
    compiled. A count Django reads through a query around the queryset's (one that is
    sliced, distinct or grouped) is refused (`NotAStatement`)."""
    query = queryset.query.clone()
    query.get_compiler = _compiling  # asked for by the count, or by the query around it
    try:
        with connections[queryset.db].execute_wrapper(partial(_refuse_reads, "a count")):
            query.get_aggregation(queryset.db, {"__count": Count("*")})
    except _Compiling:
        pass
    finally:
        del query.get_compiler
    # Django counts with the query itself where it holds the count (not one around it).
    if "__count" not in query.annotation_select:
        raise NotAStatement("a count read through a query around its queryset's")
    counted = QuerySet(model=queryset.model, query=query, using=queryset.db)
    counted._iterable_class = ValuesListIterable
    return counted


def as_sent(sql: str, params, *, using: str) -> tuple[str, tuple]:
    """`sql` and `params` with every constant a statement writes into its SQL written in
    (`_constants_written_in`, on PostgreSQL), ids included: how a statement's SQL and the
    ORM's for the same rows compare equal, whichever values each sends as arguments."""
    if connections[using].vendor != "postgresql":
        return sql, tuple(params)
    sql, kept, _ = _constants_written_in(sql, params, {}, using)
    return sql, kept


def _constants_written_in(sql: str, params, places: dict[int, str], using: str):
    """The SQL with its text, integer, true/false, day and time constants written in as
    literals (quoted by psycopg); the arguments left (ids, moments, and any constant of
    another kind, whose type a literal might not keep: `0.1` is read as an exact decimal,
    not the float a parameter is sent as), and the ids' places among them."""
    connection = connections[using]
    connection.ensure_connection()
    written, kept, kept_places, place = [], [], {}, 0
    # Django's placeholders are %s; a percent sign of the SQL itself is written %%.
    for part in re.split(r"(%%|%s)", sql):
        if part != "%s":
            written.append(part)
            continue
        value = params[place]
        if place in places:
            kept_places[len(kept)] = places[place]
        if place in places or not _written_as_is(value):
            kept.append(value)
            written.append(part)
        else:
            literal = psycopg_sql.Literal(value).as_string(connection.connection)
            written.append(literal.replace("%", "%%"))
        place += 1
    if place != len(params):
        raise NotAStatement(f"{sql[:80]}…: {place} placeholders for {len(params)} arguments")
    return "".join(written), tuple(kept), kept_places


def _written_as_is(value) -> bool:
    """A constant whose literal PostgreSQL reads as the parameter it replaces."""
    if isinstance(value, datetime):
        return not timezone.is_naive(value)
    return value is None or isinstance(value, str | int | date)  # bool is an int


def _stand_ins(names: list[str], moments: set[str], round: int) -> dict[str, int | datetime]:
    """Values no call gives, one per name: ids no table reaches; for moments, times two
    centuries or more ago (refused as "about today" if a builder kept them otherwise)."""
    return {
        name: STAND_IN_MOMENTS[round] + i * MOMENT_STEPS[round]
        if name in moments
        else _STAND_INS[round] + i * ID_STEPS[round]
        for i, name in enumerate(names)
    }


def _is_moment(value) -> bool:
    return isinstance(value, datetime) and not timezone.is_naive(value)


def _refuse_reads(name: str, execute, sql, params, many, context):
    raise NotAStatement(f"{name}: it reads the database while it is built ({sql[:80]}…)")


def _follows_the_clock(value) -> bool:
    if isinstance(value, str):  # SQLite's backend hands days and times over as text
        value = _as_time(value)
    if isinstance(value, time):
        return True
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        return abs(value - timezone.now()) < NEAR_TODAY
    if isinstance(value, date):
        return abs(value - timezone.localdate()) < NEAR_TODAY
    return False


def _as_time(text: str) -> datetime | time | str:
    for parse in (datetime.fromisoformat, time.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            pass
    return text


def _filled_queryset(compiled: _Compiled, params: tuple) -> QuerySet:
    """The stand-ins' queryset, to iterate with `params`: a shallow copy of it and of its
    query, whose compiler answers with the SQL worked out (`_compiler`); the stand-ins' own
    stays as it was. Shallow, where QuerySet._chain() would clone the query's clauses (some
    70 Python calls a read): iterating reads the query and changes none of it, since nothing
    is compiled again."""
    base = compiled.queryset
    query = copy.copy(base.query)
    query.get_compiler = partial(_compiler, compiled, params, query)
    queryset = base.__class__.__new__(base.__class__)
    # Not read yet: whatever the stand-ins' own holds, the copy reads its rows itself.
    queryset.__dict__ = {**base.__dict__, "_query": query, "_result_cache": None}
    return queryset


def _compiler(
    compiled: _Compiled, params: tuple, query, using=None, connection=None, elide_empty=True
):
    """What Query.get_compiler returns for a statement's copy of its query: the backend's
    compiler, told what compiling would have told it, answering as_sql() with the SQL."""
    connection = connection or connections[using]
    compiler = connection.ops.compiler(query.compiler)(query, connection, using, elide_empty)
    for name in _TOLD:
        setattr(compiler, name, getattr(compiled.compiler, name))
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    compiler.get_converters = partial(_converters, compiled)
    compiler.has_composite_fields = partial(_has_composite_fields, compiled)
    return compiler


def _converters(compiled: _Compiled, expressions) -> dict:
    """The converters of the columns read, which are the same on every call: the stand-ins'
    compiler's own expressions (`select`, copied), asked once. Those of the backend are bound
    to the operations of the connection that compiled it (one per vendor, `_compiled`):
    they read settings, not the connection's state, so any thread may use them."""
    key = tuple(map(id, expressions))
    found = compiled.converters.get(key)
    if found is None:
        found = compiled.converters[key] = compiled.compiler.get_converters(expressions)
    return found


def _has_composite_fields(compiled: _Compiled, expressions) -> bool:
    """Whether the columns read hold a composite key's pair of columns, which is the same on
    every call: asked of the stand-ins' compiler once, as `_converters` are (Django asks it
    of each column of each read, some 700 Python calls for the pair page's reads)."""
    key = tuple(map(id, expressions))
    found = compiled.composite.get(key)
    if found is None:
        found = compiled.composite[key] = compiled.compiler.has_composite_fields(expressions)
    return found
