"""Who is signed in, for the pages of tests/mentoring: the shared cast's people."""

import pytest
from django.test import Client


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
