"""A list's number of rows (what its paginator counts) is read by SQL worked out once per
process for each state of the list, as its page's rows are (accounts.admin_rows): the
number Django's own count gives, each reader's own (a coordinator who was paired with an
applicant never counts her application), and a count Django reads by a query around the
list's (a filter through a many-to-many relation, which reads distinct rows) is Django's."""

from collections import OrderedDict

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext

from accounts import admin_base, admin_rows
from accounts.statements import NotAStatement, Statement, as_sent, counting
from mentoring.admin.applications import MentorApplicationAdmin
from mentoring.models import ApplicationStatus, MentorApplication, Theme
from tests.admin_pages import APPLICATIONS, lists_read_by_carmen_then_bola
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

ADDRESSES = [
    {},
    {"status__exact": ApplicationStatus.SUBMITTED},
    {"status__exact": ApplicationStatus.ACCEPTED},
    {"briefed": "yes"},
    {"o": "-2"},
    {"eligible__exact": "1"},
]


def counted_by_statement(response) -> bool:
    """Whether the list's count was read by a statement (kept, not refused)."""
    return any(key[-1] == "count" and found is not None for key, found in admin_rows._PAGES.items())


def djangos_count(response) -> int:
    """The number Django's own count gives the list's rows, for the same request."""
    return response.context["cl"].queryset.count()


@pytest.fixture(autouse=True)
def no_state_kept(monkeypatch):
    monkeypatch.setattr(admin_rows, "_PAGES", OrderedDict())


@pytest.mark.parametrize("address", ADDRESSES)
def test_each_state_counts_what_djangos_count_counts(client, cast, address):
    sign_in_as(client, cast, "coordinator")
    client.get(APPLICATIONS, address)

    again = client.get(APPLICATIONS, address)

    assert counted_by_statement(again)
    assert again.context["cl"].result_count == djangos_count(again)


def test_each_reader_counts_their_own_rows_by_the_same_sql(client, cast):
    # Carmen's page had the count compiled; Bola's rows are counted by it: never Maya's
    # application.
    carmens, bolas = lists_read_by_carmen_then_bola(client, cast)

    assert counted_by_statement(bolas)
    assert carmens.context["cl"].result_count == 2
    assert bolas.context["cl"].result_count == 1 == djangos_count(bolas)
    assert "\n1 mentor application\n" in bolas.content.decode()


def test_the_number_read_is_written_on_the_lists_own_rows_alone(client, cast):
    sign_in_as(client, cast, "coordinator")
    client.get(APPLICATIONS)
    cl = client.get(APPLICATIONS).context["cl"]

    assert cl.queryset.counted == 2 == cl.paginator.count
    # Copies of the rows (the page's, a filter of them) are counted by Django, if at all.
    assert not hasattr(cl.result_list, "counted")
    assert not hasattr(cl.queryset.filter(pk=0), "counted")


def test_the_count_is_compiled_once(client, cast, monkeypatch):
    sign_in_as(client, cast, "coordinator")
    client.get(APPLICATIONS)
    aggregated = []
    djangos = Query.get_aggregation

    def get_aggregation(query, *args, **kwargs):
        aggregated.append(query.model)
        return djangos(query, *args, **kwargs)

    monkeypatch.setattr(Query, "get_aggregation", get_aggregation)

    again = client.get(APPLICATIONS)

    assert aggregated == []
    assert again.context["cl"].result_count == 2


def test_a_count_django_reads_around_the_lists_query_is_djangos(client, cast):
    theme = Theme.objects.create(programme=cast.programme, name="Belonging")
    cast.mentor.mentor_applications.get().themes.add(theme)
    sign_in_as(client, cast, "coordinator")

    response = client.get(APPLICATIONS, {"themes__id__exact": str(theme.pk)})

    assert not counted_by_statement(response)
    assert response.context["cl"].result_count == 1


def test_counting_reads_djangos_count():
    rows = MentorApplication.objects.exclude(status=ApplicationStatus.DRAFT)

    assert Statement(lambda: counting(rows)).fetch() == [(rows.count(),)]
    assert Statement(lambda: counting(rows.filter(pk=-1))).fetch() == [(0,)]


def test_counting_compiles_the_sql_djangos_count_sends():
    # What the list's first count is checked against (admin_rows._count_sql), compiled
    # without sending it: the SQL and parameters Django's own count sends.
    rows = MentorApplication.objects.exclude(status=ApplicationStatus.DRAFT).filter(
        programme__name__contains="pilot"
    )
    sent = []

    def kept(execute, sql, params, many, context):
        sent.append((sql, tuple(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(kept):
        rows.count()

    assert sent == [admin_rows._count_sql(rows)]


def test_a_lists_first_count_sends_no_more_queries_than_the_next(client, cast, monkeypatch):
    # Checking the statement against Django's count the first time sends nothing more,
    # and Django's log of queries (what tests count) holds one count.
    monkeypatch.setattr(admin_rows, "_PAGES", OrderedDict())
    sign_in_as(client, cast, "coordinator")

    with CaptureQueriesContext(connection) as first:
        client.get(APPLICATIONS)
    with CaptureQueriesContext(connection) as again:
        client.get(APPLICATIONS)

    counts = [q for q in first.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(first) == len(again)
    assert len(counts) == 1


@pytest.mark.parametrize(
    "rows",
    [
        lambda: MentorApplication.objects.distinct(),
        lambda: MentorApplication.objects.all()[:1],
        lambda: MentorApplication.objects.values("status").annotate(n=Count("pk")),
    ],
    ids=["distinct", "sliced", "grouped"],
)
def test_counting_refuses_a_count_read_by_a_query_around_the_rows(rows):
    with pytest.raises(NotAStatement):
        counting(rows())


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_lists_count_sends_the_sql_djangos_count_sends(client, cast, monkeypatch, address):
    # The statement sends what Django's own count of the list sends for the same request
    # (its constants written in, as a statement writes them), for a reader whose rows
    # leave out her partners', not only what `counting` makes of it.
    def counts_sent(response_of) -> list:
        sent = []

        def kept(execute, sql, params, many, context):
            if sql.startswith("SELECT COUNT(*)"):
                sent.append(as_sent(sql, params, using="default"))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(kept):
            response_of()
        return sent

    sign_in_as(client, cast, "coordinator")
    client.get(APPLICATIONS, address)
    by_statement = counts_sent(lambda: client.get(APPLICATIONS, address))
    assert counted_by_statement(None)
    monkeypatch.setattr(admin_base, "count_once", lambda cl, request: None)
    by_django = counts_sent(lambda: client.get(APPLICATIONS, address))

    assert len(by_statement) == 1
    assert by_statement == by_django


def test_every_page_of_a_list_has_one_count(client, cast, monkeypatch):
    monkeypatch.setattr(MentorApplicationAdmin, "list_per_page", 1)
    sign_in_as(client, cast, "coordinator")

    pages = [client.get(APPLICATIONS, {"p": page}) for page in (1, 2, 1, 2)]

    counts = [key for key in admin_rows._PAGES if key[-1] == "count"]
    assert len(counts) == 1
    assert [page.context["cl"].result_count for page in pages] == [2, 2, 2, 2]
    assert [page.context["cl"].page_num for page in pages] == [1, 2, 1, 2]
