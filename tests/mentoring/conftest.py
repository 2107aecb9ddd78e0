"""Who is signed in, for the pages of tests/mentoring: the shared cast's people; and the
reminders' dispatcher, run as beat runs it."""

import pytest
from django.test import Client

from mentoring.reminders import reminders_dispatch


@pytest.fixture
def maya(client, cast):
    """Maya, the cast's mentor (paired with Bola), signed in."""
    client.force_login(cast.mentor)
    return client


@pytest.fixture
def bola(cast):
    """Bola, the cast's board member (Maya's partner), signed in on a browser of her own."""
    browser = Client()
    browser.force_login(cast.board_member)
    return browser


@pytest.fixture
def office(client, cast):
    """The cast's coordinator, signed in (tests of the authenticator step sign in for real)."""
    client.force_login(cast.coordinator)
    return client


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Run the dispatcher (at `now`, or the test's clock); its emails are sent (eagerly) once
    its transaction commits, unless `send` is False: then they wait in the outbox."""

    def run(now=None, *, send=True):
        with django_capture_on_commit_callbacks(execute=send):
            return reminders_dispatch(now)

    return run
