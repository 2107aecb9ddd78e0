"""The navigation's cache (mentoring.navigation) only saves queries: with Redis away, signed-in
pages still answer, read from the database, and what is saved stays saved (the navigation
hears of every save, inside the transaction and after commit). Once Redis is back, a
change saved while it was away shows at once, not what was kept before it.

"Away" is a Redis that refuses connections. Saves run their after-commit work
(`django_capture_on_commit_callbacks(execute=True)`), where a failed cache write would
otherwise turn a saved request into an error."""

import logging
import socket
import threading
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.urls import reverse

from mentoring import navigation
from mentoring.models import BoardMember, MentorApplication
from mentoring.services.mentees import board_member_invite
from tests.cast import sign_in_as
from tests.factories import MentorApplicationFactory

pytestmark = pytest.mark.django_db

AWAY = {
    "default": {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "KEY_PREFIX": "rm",
    }
}


@contextmanager
def cache_away():
    with override_settings(CACHES=AWAY):
        yield


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The navigation's clock, which a test moves on past the pause after a failure; and
    whatever the navigation noted about the cache put back afterwards, for the next test."""
    now = [1_000_000.0]
    monkeypatch.setattr(navigation, "monotonic", lambda: now[0])
    monkeypatch.setattr(navigation, "_away_until", 0.0)
    monkeypatch.setattr(navigation, "_owed", 0)

    def later(seconds: float) -> None:
        now[0] += seconds

    return later


def nav_links(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('id="main-nav"') : page.index("</nav>")]


def test_signed_in_pages_answer_from_the_database_while_the_cache_is_away(client, cast, caplog):
    sign_in_as(client, cast, "board_member")

    with cache_away(), caplog.at_level(logging.WARNING, logger="mentoring.navigation"):
        dashboard = client.get(reverse("dashboard"))
        profile = client.get(reverse("profile"))

    assert dashboard.status_code == 200
    page = dashboard.content.decode()
    assert "You are paired with Maya Mentor" in page
    shown = page[page.index('id="main-nav"') : page.index("</nav>")]
    for link in ("Events</a>", "Your pair</a>", "Meetings</a>"):
        assert link in shown
    assert profile.status_code == 200
    # A board member's profile, as the navigation's facts say she is one.
    assert "What would you like to learn from reverse mentoring?" in profile.content.decode()
    assert "The navigation cache cannot be reached" in caplog.text


def test_the_offices_start_page_answers_while_the_cache_is_away(client, cast):
    """Which kinds of reminder fail is kept in the cache: with it away none are known (the
    page says nothing of them) and the page is shown all the same."""
    sign_in_as(client, cast, "coordinator")

    with cache_away():
        start = client.get(reverse("admin:index"))

    assert start.status_code == 200
    page = start.content.decode()
    assert "Needs attention in 2026/27 pilot" in page
    assert "Reminders not going out" not in page


def test_a_board_member_invited_while_the_cache_is_away_is_saved(
    cast, django_capture_on_commit_callbacks, caplog
):
    with (
        cache_away(),
        caplog.at_level(logging.WARNING, logger="mentoring.navigation"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        member = board_member_invite(
            programme=cast.programme, email="new.member@example.org", invited_by=cast.coordinator
        )

    assert BoardMember.objects.get(pk=member.pk).email == "new.member@example.org"
    assert "a change is not yet reflected in kept navigation" in caplog.text


def test_an_application_withdrawn_while_the_cache_is_away_is_withdrawn(
    client, cast, django_capture_on_commit_callbacks
):
    application = MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    sign_in_as(client, cast, "outsider")
    form = {"programme": cast.programme.slug, "confirm": "1"}

    with cache_away(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("apply_withdraw"), form)

    assert response.status_code == 302
    assert MentorApplication.objects.get(pk=application.pk).status == "withdrawn"


def test_a_change_saved_while_the_cache_was_away_shows_once_it_is_back(
    client, cast, django_capture_on_commit_callbacks, clock
):
    sign_in_as(client, cast, "outsider")
    assert "Events</a>" not in nav_links(client)  # read, and kept in the cache

    with cache_away(), django_capture_on_commit_callbacks(execute=True):
        board_member_invite(
            programme=cast.programme, email=cast.outsider.email, invited_by=cast.coordinator
        )
        assert "Events</a>" in nav_links(client)  # read from the database

    # Back, and past the pause after a failure: what was kept before the change is still in
    # Redis, and must not be shown.
    clock(navigation.AWAY_FOR)
    assert "Events</a>" in nav_links(client)
    assert "Events</a>" in nav_links(client)  # and kept as it now is


@pytest.fixture
def hanging_redis():
    """A Redis that takes connections and never answers (stuck, or a network gone quiet),
    and how many connections it was asked for."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []

    def take():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=take, daemon=True).start()
    port = server.getsockname()[1]
    caches = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=caches):
        yield held
    server.close()
    for connection in held:
        connection.close()


def test_a_cache_that_hangs_is_waited_for_once_not_for_each_page_and_row_saved(
    client, cast, django_capture_on_commit_callbacks, hanging_redis
):
    sign_in_as(client, cast, "outsider")
    assert "Events</a>" not in nav_links(client)  # waited for, then read from the database
    waited = len(hanging_redis)
    assert waited > 0

    with django_capture_on_commit_callbacks(execute=True):
        for email in ("a@example.org", "b@example.org", "c@example.org", cast.outsider.email):
            board_member_invite(programme=cast.programme, email=email, invited_by=cast.coordinator)
    assert "Events</a>" in nav_links(client)

    assert len(hanging_redis) == waited
