"""A signed-in person's programme page asks the shared cache once: the programme's kept copy
and the person's navigation facts come back from the same round trip
(mentoring.navigation.kept, `facts_of`), yet the navigation still follows a change at once."""

import pytest
from django.urls import reverse

from mentoring import navigation
from tests.cast import sign_in_as
from tests.factories import BoardMemberFactory

pytestmark = pytest.mark.django_db


class CountedCache:
    """The navigation's cache, noting the name of every operation asked of it."""

    def __init__(self, cache):
        self.cache, self.asked = cache, []

    def __getattr__(self, name):
        operation = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.asked.append(name)
            return operation(*args, **kwargs)

        return counted


@pytest.fixture
def counted(monkeypatch):
    cache = CountedCache(navigation.cache)
    monkeypatch.setattr(navigation, "cache", cache)
    return cache


def nav(page: str) -> str:
    return page[page.index('id="main-nav"') : page.index("</nav>")]


def programme_page(client, cast) -> str:
    response = client.get(reverse("programme_detail", args=[cast.programme.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["mentor", "board_member", "outsider", "coordinator"])
def test_a_kept_programme_page_and_navigation_take_one_round_trip(client, cast, role, counted):
    sign_in_as(client, cast, role)
    programme_page(client, cast)  # both kept now
    counted.asked.clear()

    programme_page(client, cast)

    assert counted.asked == ["get_many"]


def test_an_anonymous_visitor_asks_for_the_programme_alone(client, cast, counted):
    programme_page(client, cast)
    counted.asked.clear()

    programme_page(client, cast)

    assert counted.asked == ["get_many"]


def test_navigation_kept_before_a_change_is_not_shown_on_the_programme_page(client, cast):
    sign_in_as(client, cast, "outsider")
    programme_page(client, cast)  # kept
    assert "Events</a>" not in nav(programme_page(client, cast))

    BoardMemberFactory(programme=cast.programme, user=cast.outsider)

    assert "Events</a>" in nav(programme_page(client, cast))
