"""An annotation compiled once (mentoring.admin.prebuilt) says what Django's own says of each
row, in the same SQL, and still reads its own row once its query is nested in another (the
list's filter counts, `pk__in=…`). One that would not (a builder whose SQL changes, or that
reads the database, or a subquery naming the row's table as Django's no longer would) is
refused the first time it is compiled, rather than reading the wrong rows."""

import threading
from itertools import count

import pytest
from django.db import connection, connections
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, Value
from django.db.models.expressions import RawSQL

from accounts.models import User
from mentoring.admin.prebuilt import PREBUILT, NotPrebuilt, Prebuilt
from mentoring.models import BoardMember, BriefingExemption, MentorApplication, Programme
from tests.factories import MentorApplicationFactory, MentorFactory

pytestmark = pytest.mark.django_db

BRIEFED = Prebuilt(MentorApplication.objects.with_briefed, "is_briefed")


@pytest.fixture
def applications(cast):
    """Briefed by attending (the cast's mentors), by exemption, and not at all."""
    exempted = MentorFactory(programme=cast.programme, briefed=False)
    BriefingExemption.objects.create(
        programme=cast.programme, person=exempted.applicant, note="Briefed one-to-one."
    )
    not_briefed = MentorApplicationFactory(programme=cast.programme)
    return exempted, not_briefed


def prebuilt():
    return MentorApplication.objects.annotate(is_briefed=BRIEFED.expression())


def test_it_says_of_each_row_what_with_briefed_says(applications):
    exempted, not_briefed = applications
    said = dict(prebuilt().values_list("pk", "is_briefed"))

    assert said == dict(MentorApplication.objects.with_briefed().values_list("pk", "is_briefed"))
    assert said[exempted.pk] is True
    assert said[not_briefed.pk] is False


def test_its_sql_is_djangos_own(applications):
    ours = prebuilt().filter(is_briefed=False).order_by("-is_briefed", "pk")
    djangos = MentorApplication.objects.with_briefed().filter(is_briefed=False)

    assert str(ours.query) == str(djangos.order_by("-is_briefed", "pk").query)


def test_nested_in_another_query_it_reads_its_own_row(applications):
    _, not_briefed = applications
    not_yet = prebuilt().filter(is_briefed=False)

    assert list(User.objects.filter(pk__in=not_yet.values("applicant"))) == [not_briefed.applicant]
    counts = MentorApplication.objects.aggregate(
        briefed=Count("pk", filter=Q(pk__in=prebuilt().filter(is_briefed=True))),
        not_yet=Count("pk", filter=Q(pk__in=not_yet)),
    )
    assert counts == {"briefed": 3, "not_yet": 1}


def test_a_query_of_another_model_is_refused(cast):
    with pytest.raises(ValueError, match="built for a query on"):
        BoardMember.objects.annotate(is_briefed=BRIEFED.expression())


def test_every_annotation_prebuilt_reads_as_the_orms_own(applications):
    import mentoring.admin  # noqa: F401  (the admin's own, registered as it is imported)

    assert {(prebuilt.build, prebuilt.name) for prebuilt in PREBUILT} >= {
        (MentorApplication.objects.with_briefed, "is_briefed"),
        (BoardMember.objects.with_briefed, "is_briefed"),
    }
    for prebuilt in PREBUILT:
        prebuilt.check(connection)


def refused(prebuilt: Prebuilt, match: str) -> None:
    with pytest.raises(NotPrebuilt, match=match):
        list(MentorApplication.objects.annotate(x=prebuilt.expression()))


def test_a_builder_whose_sql_changes_from_call_to_call_is_refused(cast):
    calls = count()
    changing = Prebuilt(
        lambda: MentorApplication.objects.annotate(
            x=Exists(Programme.objects.filter(pk=OuterRef("programme"), pk__gt=next(calls)))
        ),
        "x",
    )
    refused(changing, "not the ORM's own")
    PREBUILT.remove(changing)


def test_a_builder_that_reads_the_database_is_refused(cast):
    def reading():
        first = Programme.objects.first().pk  # would stay the first one read
        return MentorApplication.objects.annotate(x=Value(first))

    with pytest.raises(NotPrebuilt, match="reads the database"):
        Prebuilt(reading, "x").expression()
    PREBUILT.pop()


def naming_the_rows_table() -> Prebuilt:
    """An annotation whose subquery names the row's table, as Django's subqueries would,
    were their tables no longer given aliases of their own."""
    table = MentorApplication._meta.db_table
    return Prebuilt(
        lambda: MentorApplication.objects.annotate(
            x=Exists(
                MentorApplication.objects.filter(
                    RawSQL(f'"{table}"."applicant_id" = %s', (0,), output_field=BooleanField())
                ).filter(pk=OuterRef("pk"))
            )
        ),
        "x",
    )


def test_a_subquery_naming_the_rows_table_as_djangos_no_longer_would_is_refused(cast):
    """As Django's subqueries would read, were their tables no longer given aliases of their
    own: the row's table, by its name, inside the annotation's subquery is the subquery's."""
    named = naming_the_rows_table()
    refused(named, "read nested, its SQL is not the ORM's own")
    PREBUILT.remove(named)


def test_another_thread_compiling_while_it_is_checked_checks_its_own(cast, monkeypatch):
    """The SQL compiled once is used by no other thread (another request of a threaded
    server) until its check has passed: one that asks meanwhile is refused as well, not
    handed SQL that would read the wrong rows."""
    named = naming_the_rows_table()
    PREBUILT.remove(named)
    meanwhile, check = {}, named.check

    def check_while_another_asks(connection):
        monkeypatch.setattr(named, "check", check)  # the other thread checks as usual

        def other_request():
            try:
                meanwhile["handed"] = named.compiled(connections["default"])
            except NotPrebuilt as refusal:
                meanwhile["refused"] = refusal
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_request)
        thread.start()
        thread.join()
        check(connection)

    monkeypatch.setattr(named, "check", check_while_another_asks)
    with pytest.raises(NotPrebuilt):
        list(MentorApplication.objects.annotate(x=named.expression()))
    assert "handed" not in meanwhile
    assert "read nested, its SQL is not the ORM's own" in str(meanwhile["refused"])
