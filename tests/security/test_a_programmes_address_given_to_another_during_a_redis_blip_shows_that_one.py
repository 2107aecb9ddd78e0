"""A programme's page is kept in the shared cache under its address (its slug), and whether
it may be shown is read again on every visit (mentoring.access.programme_for_visitor). When
the office gives that address to another programme while the cache misses the change (Redis
away, for a moment, on the worker that saved it), the other workers show the programme the
address names now, never the one kept under it."""

import pytest
from django.urls import reverse

from tests.cast import sign_in_as
from tests.factories import ProgrammeFactory
from tests.servers import changed_while_redis_blips, needs_redis

pytestmark = [pytest.mark.django_db, needs_redis]


def shown(client, slug: str) -> str:
    page = client.get(reverse("programme_detail", args=[slug]))
    assert page.status_code == 200
    return page.content.decode()


def its_address_changed(programme) -> None:
    programme.slug = f"{programme.slug}-2026"
    programme.save()


def deleted(programme) -> None:
    programme.delete()


def the_pilot(cast):
    return cast.programme


def a_taster_nobody_joined(cast):
    return ProgrammeFactory(name="Spring taster", slug="taster")


@pytest.mark.parametrize(
    ("first", "freed"), [(the_pilot, its_address_changed), (a_taster_nobody_joined, deleted)]
)
@pytest.mark.parametrize("role", ["anonymous", "mentor"])
def test_an_address_given_to_another_programme_shows_that_one(
    client, cast, monkeypatch, role, first, freed
):
    programme = first(cast)
    slug, name = programme.slug, programme.name
    sign_in_as(client, cast, role)
    assert name in shown(client, slug)  # kept in Redis

    def give_the_address_away():
        freed(programme)
        ProgrammeFactory(name="2027/28 cohort", slug=slug, themes=["Belonging at work"])

    changed_while_redis_blips(monkeypatch, give_the_address_away)

    page = shown(client, slug)
    assert "2027/28 cohort" in page
    assert "Belonging at work" in page
    assert name not in page
