"""A list's page of rows is read by SQL worked out once per process for each state of the
list (accounts.admin_rows): the rows Django's own query reads, each reader's own (a
coordinator who was paired with an applicant never lists her application), and a list whose
rows read more of the request than its address and its reader's id is read by Django."""

from collections import OrderedDict

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from accounts import admin_base, admin_rows
from mentoring.models import MentorApplication, Programme
from tests.admin_pages import lists_read_by_carmen_then_bola, rows
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("admin:mentoring_mentorapplication_changelist")
PROGRAMMES = reverse("admin:mentoring_programme_changelist")


def rows_compiled(monkeypatch) -> list:
    """The models whose query of a list's rows Django compiles (one with columns of its
    related rows, `select_related`), from now on."""
    compiled = []
    djangos = SQLCompiler.as_sql

    def as_sql(compiler, *args, **kwargs):
        if compiler.query.select_related:
            compiled.append(compiler.query.model)
        return djangos(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return compiled


def applicants(response) -> list[str]:
    return [row.get("applicant_name") for row in rows(response)]


def test_the_list_of_applications_is_read_by_sql_compiled_once(client, cast, monkeypatch):
    sign_in_as(client, cast, "coordinator")
    first = client.get(APPLICATIONS)
    compiled = rows_compiled(monkeypatch)

    again = client.get(APPLICATIONS)

    assert compiled == []
    assert applicants(again) == applicants(first)
    assert sorted(applicants(again)) == [cast.mentor.full_name, cast.other_mentor.full_name]
    assert list(again.context["cl"].result_list) == djangos_rows(again, monkeypatch)


def test_each_reader_lists_their_own_rows_by_the_same_sql(client, cast, monkeypatch):
    # Carmen's page had the statement compiled; Bola is read her rows by it: never Maya's
    # application.
    carmens, bolas = lists_read_by_carmen_then_bola(client, cast)

    assert cast.mentor.full_name in applicants(carmens)
    assert cast.mentor.full_name not in applicants(bolas)
    assert cast.other_mentor.full_name in applicants(bolas)
    assert list(bolas.context["cl"].result_list) == djangos_rows(bolas, monkeypatch)


def test_a_list_whose_rows_read_no_one_is_compiled_without_its_reader(client, cast, monkeypatch):
    monkeypatch.setattr(admin_rows, "_PAGES", OrderedDict())
    sign_in_as(client, cast, "coordinator")

    client.get(PROGRAMMES)

    ((statement, by_person),) = pages_kept()
    assert statement is not None
    assert by_person is False


def test_rows_that_read_more_of_the_reader_than_their_id_are_read_by_django(
    client, cast, monkeypatch
):
    from mentoring.admin.applications import MentorApplicationAdmin

    djangos_queryset = MentorApplicationAdmin.get_queryset

    def get_queryset(self, request):
        rows = djangos_queryset(self, request)
        return rows if request.user.is_superuser else rows.exclude(status="draft")

    monkeypatch.setattr(MentorApplicationAdmin, "get_queryset", get_queryset)
    monkeypatch.setattr(admin_rows, "_PAGES", OrderedDict())
    sign_in_as(client, cast, "coordinator")

    response = client.get(APPLICATIONS)

    assert pages_kept() == [None]
    assert sorted(applicants(response)) == [cast.mentor.full_name, cast.other_mentor.full_name]


def test_a_search_is_read_by_django_and_not_kept(client, cast, monkeypatch):
    monkeypatch.setattr(admin_rows, "_PAGES", OrderedDict())
    sign_in_as(client, cast, "coordinator")

    response = client.get(APPLICATIONS, {"q": "Maya"})

    assert admin_rows._PAGES == {}
    assert applicants(response) == [cast.mentor.full_name]


def test_the_least_recently_read_states_make_room_for_new_ones(client, cast, monkeypatch):
    # A coordinator sorting one list more ways than are kept does not leave every other list
    # to Django's build for the rest of the process's life.
    monkeypatch.setattr(admin_rows, "_PAGES", OrderedDict())
    monkeypatch.setattr(admin_rows, "KEPT", 3)
    sign_in_as(client, cast, "coordinator")
    for order in ("1", "-1", "2", "-2"):
        client.get(PROGRAMMES, {"o": order})

    client.get(APPLICATIONS)
    compiled = rows_compiled(monkeypatch)
    again = client.get(APPLICATIONS)

    # The list of applications' count and its page, and the last list of programmes' page.
    assert [key[1] for key in admin_rows._PAGES] == [
        Programme,
        MentorApplication,
        MentorApplication,
    ]
    assert compiled == []
    assert sorted(applicants(again)) == [cast.mentor.full_name, cast.other_mentor.full_name]


def pages_kept() -> list:
    """What is kept for each state of a list's page (not of its count)."""
    return [found for key, found in admin_rows._PAGES.items() if key[-1] != "count"]


def djangos_rows(response, monkeypatch) -> list:
    """The rows Django's own reading gives the list, for the same request."""
    with monkeypatch.context() as patched:
        patched.setattr(admin_base, "read_once", lambda cl, request: None)
        cl = response.context["cl"].model_admin.get_changelist_instance(response.wsgi_request)
        return list(cl.result_list)
