"""On PostgreSQL, a read worked out once per process (accounts.statements) sends only the
person's ids and moments as parameters, its constants written in its SQL, so that once
prepared the server plans it once for everyone instead of on every page."""

import re

import pytest
from django.db import connection
from django.db.models import F, FloatField, Value

from accounts.models import User
from accounts.statements import _STAND_INS, Statement
from mentoring.models import Meeting, MeetingStatus
from mentoring.selectors import pairs
from tests.factories import MeetingFactory
from tests.servers import needs_postgresql

pytestmark = [pytest.mark.django_db, needs_postgresql]


def as_the_server_has_it(sql: str) -> str:
    """psycopg's placeholders ($1, $2…) in place of Django's (%s), as PostgreSQL lists it."""
    parts = re.split(r"(%%|%s)", sql)
    numbered = iter(range(1, len(parts)))
    return "".join(
        f"${next(numbered)}" if part == "%s" else "%" if part == "%%" else part for part in parts
    )


def test_a_reads_constants_are_in_its_sql_and_only_the_ids_are_sent(cast):
    pairs.pairs_for(cast.mentor, summary=True, history=False)
    compiled = pairs._STANDING_MEETINGS._compiled["postgresql"]
    # The person's id, once for each side of a pair they may be on: nothing else.
    assert set(compiled.places.values()) == {"person"}
    assert set(compiled.places) == set(range(len(compiled.params)))
    assert set(compiled.params) <= set(_STAND_INS)
    # The statuses it reads by are in the SQL, quoted.
    assert f"'{MeetingStatus.HELD}'" in compiled.sql
    assert f"'{MeetingStatus.NOT_HELD}'" in compiled.sql


def scaled(person: int):
    """A read with a constant whose literal PostgreSQL would read as another type (0.1 as
    an exact decimal, not the float a parameter is)."""
    tenth = Value(0.1, output_field=FloatField())
    return User.objects.filter(pk=person).annotate(scaled=F("pk") * tenth).values("scaled")


def test_a_constant_a_literal_would_change_stays_a_parameter(cast):
    read = Statement(scaled)
    for person in (cast.mentor, cast.other_mentor):
        assert read.fetch(person=person.pk) == list(scaled(person.pk))
    compiled = read._compiled["postgresql"]
    assert 0.1 in compiled.params
    assert set(compiled.places.values()) == {"person"}


def test_the_pair_pages_meetings_are_planned_once_not_on_every_page(cast):
    # Enough meetings held that PostgreSQL's statistics tell "held" from the rest, as in a
    # programme under way: a plan for any status then looks dearer than one for these.
    Meeting.objects.bulk_create(
        MeetingFactory.build(match=cast.pair, status=MeetingStatus.HELD) for _ in range(3000)
    )
    MeetingFactory(match=cast.other_pair, status=MeetingStatus.PROPOSED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE mentoring_meeting")
        cursor.execute("ANALYZE mentoring_match")
    for person in [cast.mentor, cast.board_member, cast.other_mentor] * 4:
        pairs.pairs_for(person, summary=True, history=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = %s",
            [as_the_server_has_it(pairs._STANDING_MEETINGS._compiled["postgresql"].sql)],
        )
        [(generic, custom)] = cursor.fetchall()
    # PostgreSQL tries five plans for the values at hand before it weighs a generic one.
    assert custom <= 5
    assert generic >= 5
