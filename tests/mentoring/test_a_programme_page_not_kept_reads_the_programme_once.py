"""A programme page whose programme is not kept in the shared cache reads it from the
database, which says whether it is published and recruiting: it does not read that again
(`_STANDING`), as it does for a copy kept earlier (mentoring.access.programme_for_visitor)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db


def programme_reads(client, programme) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programme_detail", args=[programme.slug]))
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "mentoring_programme".')]
    return response.status_code, reads


@pytest.mark.parametrize("role", ["anonymous", "mentor", "coordinator"])
def test_a_programme_not_kept_is_read_once(client, cast, role):
    sign_in_as(client, cast, role)
    cache.clear()

    status, reads = programme_reads(client, cast.programme)

    assert status == 200
    assert len(reads) == 1


def test_a_kept_programme_is_read_again_for_whether_it_is_published(client, cast):
    programme_reads(client, cast.programme)  # kept

    status, reads = programme_reads(client, cast.programme)

    assert status == 200
    assert len(reads) == 1
    assert '"mentoring_programme"."status"' in reads[0]


def test_a_draft_not_kept_is_refused_to_all_but_the_office(client, cast):
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.DRAFT, False
    cast.programme.save()
    cache.clear()
    assert programme_reads(client, cast.programme)[0] == 404

    sign_in_as(client, cast, "coordinator")
    cache.clear()
    assert programme_reads(client, cast.programme)[0] == 200
