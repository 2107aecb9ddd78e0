"""Django writes a warning naming the path of every answer of 400 and above ("Not Found:
/accounts/invitation/<key>/", "Forbidden: /apply/line-manager/<key>/"), to the console the
production settings log to. A link that is a key (config.secret_links) is written there
with its key hidden, as in gunicorn's access log: an applicant opening their own line
manager's link is refused while the link still works, and the log must not hand it on."""

import io
import logging
from logging import StreamHandler

import pytest
from django.urls import reverse

SECRET = "s3cr3tValue0123456789"

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the settings' console handler writes, for the length of a test."""
    (handler,) = (
        handler for handler in logging.getLogger().handlers if type(handler) is StreamHandler
    )
    written = io.StringIO()
    was = handler.setStream(written)
    yield written
    handler.setStream(was)


def test_a_link_that_is_a_key_answered_not_found_is_logged_without_its_key(client, console):
    url = reverse("invitation_accept", args=[SECRET])

    answered = client.get(url)

    logged = console.getvalue()
    assert answered.status_code >= 400
    assert url.replace(SECRET, "…") in logged
    assert SECRET not in logged


def test_any_other_path_answered_not_found_is_logged_as_it_was(client, console):
    client.get("/no-such-page-here/")

    assert "/no-such-page-here/" in console.getvalue()
