"""A list's page of rows, and their number, read by SQL worked out once per process for each
state of the list.

Django builds and compiles a list's query of rows on every page: for the list of
applications (five tables joined, 76 columns, ordered for a stable paging) some 5,000
Python calls, the same SQL each time but for the person reading it. Here the page's rows
are read through a `Statement` (accounts.statements) for each state of the list: its admin,
its address (filters, ordering, page) and the rows its page holds. The statement is built
from the list as Django made it for the request, its filters applied again to the rows the
admin gives a stand-in person (`_page_built`): the person's id is the only value that
changes from one reader to the next. Where the rows depend on anything more about the
request or the person, or on the database or the clock, the statement refuses the list's
state (`NotAStatement`), which is then read by Django every time. The first time, the SQL
built for the stand-in is also checked to be Django's for the request.

Only a GET of the list reads it so (Django reads the page's rows on each; a posted action
never does), never a search (what someone typed is not kept), a long address, or a list
edited in place (its formset reads the rows as a queryset); at most `KEPT` states a process,
the least recently read making room for a new one, each holding its statement (the query
built for the stand-in, and its SQL).

The number of the list's rows, which Django's paginator counts on every page (some 800
Python calls to build and compile the count), is read the same way (`count_once`): a state
of its own, its statement built from the count's query (accounts.statements.counting) and
checked, the first time, against the SQL Django's own count sends for the request."""

import copy
import threading
from collections import OrderedDict
from functools import partial

from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.dispatch import receiver

from accounts.statements import NotAStatement, Statement, as_sent, counting

# States of lists kept, in all: a few for each list (its first page, a filter or two); the
# least recently read goes first, so that a coordinator paging through one long list, or
# an address typed in many spellings, does not shut the others out for the process's life.
KEPT = 256
# The longest address whose state is kept (as the lists' links keep their parameters).
LONGEST_ADDRESS = 400

# Each state of a list -> its statement and whether it takes the person's id, or None:
# refused, read by Django. Least recently read first; its lock is the process's threads'.
_PAGES: OrderedDict[tuple, tuple[Statement, bool] | None] = OrderedDict()
_PAGES_LOCK = threading.Lock()


def read_once(cl, request) -> None:
    """Read `cl.result_list` (Django's page of rows, not read yet) through the statement of
    the list's state, where it may be: its rows are Django's queryset's, which stays as it
    was for anything chained from it."""
    rows = cl.result_list
    if not isinstance(rows, QuerySet) or rows._result_cache is not None:
        return
    read = _read(cl, request, rows, counted=False)
    if read is not None:
        read._prefetch_related_lookups = rows._prefetch_related_lookups
        read._known_related_objects = rows._known_related_objects
        rows._result_cache = list(read)  # the lookups prefetched as Django's own reading does
        rows._prefetch_done = True


def count_once(cl, request) -> None:
    """Write on the list's rows (`cl.queryset`) their number (`counted`), for Django's
    paginator (`ModelAdmin.get_paginator`), read by the statement of the list's state where
    its page's rows are read by one; left to Django's paginator to count otherwise."""
    rows = cl.queryset
    if not isinstance(rows, QuerySet) or rows._result_cache is not None:
        return
    read = _read(cl, request, rows, counted=True)
    if read is not None:
        # On these rows alone: a copy made of them (the page's rows, a filter of them)
        # copies their query, not what is written on them.
        ((rows.counted,),) = read


def _read(cl, request, rows: QuerySet, *, counted: bool) -> QuerySet | None:
    """`rows` (the list's page, or its rows to count) as the statement of the list's state
    reads them, not read yet; None where the state is refused."""
    key = _state(cl, request, rows, counted)
    if key is None:
        return None
    with _PAGES_LOCK:
        found = _PAGES.get(key, False)
        if found is not False:
            _PAGES.move_to_end(key)
    if found is False:
        found = _first(cl, request, key, rows, counted)
    if found is None:
        return None
    statement, by_person = found
    return statement.rows(person=request.user.pk) if by_person else statement.rows()


def _state(cl, request, rows: QuerySet, counted: bool) -> tuple | None:
    if (
        request.method != "GET"
        or cl.query
        or cl.list_editable
        or type(getattr(request.user, "pk", None)) is not int
    ):
        return None
    # Every page of a list has one count: the page asked for is not part of its state.
    address = tuple(
        sorted(
            (name, tuple(values))
            for name, values in request.GET.lists()
            if not (counted and name == PAGE_VAR)
        )
    )
    if sum(len(name) + sum(map(len, values)) for name, values in address) > LONGEST_ADDRESS:
        return None
    query = rows.query
    admin = cl.model_admin
    return (
        admin.admin_site.name,
        cl.model,
        type(admin),
        type(cl),
        rows.db,
        address,
        "count" if counted else (query.low_mark, query.high_mark),
    )


def _first(cl, request, key: tuple, rows: QuerySet, counted: bool):
    """The statement of the list's state, compiled, and whether it takes the person's id
    (the rows of most lists are the same for everyone: built for the person only where they
    read them); None if refused. Kept either way, in place of the least recently read state
    once `KEPT` are."""
    try:
        djangos = as_sent(*(_count_sql(rows) if counted else _sql(rows)), using=rows.db)
        try:
            found = _compiled(cl, request, rows, counted, djangos, by_person=False)
        except _ReadsThePerson:
            found = _compiled(cl, request, rows, counted, djangos, by_person=True)
    except (NotAStatement, EmptyResultSet):  # refused; or no SQL: Django's reading answers none
        found = None
    with _PAGES_LOCK:
        _PAGES[key] = found
        while len(_PAGES) > KEPT:
            _PAGES.popitem(last=False)
    return found


def _compiled(
    cl, request, rows: QuerySet, counted: bool, djangos: tuple, *, by_person: bool
) -> tuple[Statement, bool] | None:
    """The statement of `rows`, or of their count, compiled, and checked to send `djangos`,
    the SQL Django sends for `request` (what the statement sends filled with the person's
    id, not what it was built from); None if it sends other SQL."""
    # What the statement is built from is written in its name (`Statement.name`): no rows.
    marks = (rows.query.low_mark, rows.query.high_mark)
    build = (
        partial(_count_built, cl, request) if counted else partial(_page_built, cl, request, marks)
    )
    statement = Statement(build, using=rows.db)
    person = {"person": request.user.pk} if by_person else {}
    if statement.sends(**person) != djangos:
        return None
    # Compiled: what the statement is built from, this request, is not kept.
    statement.build = _built_once
    return statement, by_person


def _page_built(cl, request, marks: tuple, person: int | None = None) -> QuerySet:
    """The page's rows (from and to `marks`) as the list builds them for `request`, for the
    person of id `person` (None: for no one, the rows reading nothing of the person): the
    admin's rows, and the filters Django made for the request applied again
    (`SharedRowsChangeList.filters_found`), as `ChangeList.get_queryset` applies them."""
    found = getattr(cl, "filters_found", None)
    if found is None:
        raise NotAStatement("a list's filters were made without Django's get_filters")
    stand_in = _StandInRequest(request.GET, person)
    again = copy.copy(cl)
    again.get_filters = lambda request: found
    again.root_queryset = cl.model_admin.get_queryset(stand_in)
    low, high = marks
    return again.get_queryset(stand_in)[low:high]


def _count_built(cl, request, person: int | None = None) -> QuerySet:
    """The count of the list's rows, built as `_page_built` builds them."""
    return counting(_page_built(cl, request, (0, None), person))


def _sql(rows: QuerySet) -> tuple[str, tuple]:
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    return sql, tuple(params)


def _count_sql(rows: QuerySet) -> tuple[str, tuple]:
    """The SQL `rows.count()` sends: the query Django's count builds (`counting`), compiled
    as Django compiles it before sending it, and not sent (a query caught as it is sent is
    still counted by Django's log of queries, in DEBUG and in tests)."""
    sql, params = counting(rows).query.get_compiler(rows.db).as_sql()
    return sql, tuple(params)


class _ReadsThePerson(NotAStatement):
    """The list's rows, built for no one, read the person reading them: built for the
    person instead."""


def _built_once(**ids):
    raise NotAStatement("a list's page is built once, from the request that first read it")


class _StandInRequest:
    """What building a list's rows may read of the request: its address, and its person
    (`user`) where the rows are built for one, an account of which only the id is known: a
    column of it read is a query, which the statement refuses. Anything else refuses the
    list's state (`NotAStatement`, not an AttributeError, which `getattr(request, name,
    default)` would take for "not there")."""

    def __init__(self, get, person: int | None):
        self.GET = get
        self.person = person

    @property
    def user(self):
        if self.person is None:
            raise _ReadsThePerson("a list's rows read the person reading it")
        model = get_user_model()
        return model.from_db(None, [model._meta.pk.attname], [self.person])

    def __getattr__(self, name):
        raise NotAStatement(f"a list's rows read the request's {name}")


@receiver(setting_changed)
def _forget_pages(**kwargs) -> None:
    with _PAGES_LOCK:
        _PAGES.clear()
