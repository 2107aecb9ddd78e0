"""A session cookie holding what no session key could (a NUL) is no session: never a server
error."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_session_cookie_with_a_nul_character_is_no_server_error(db):
    """A session cookie holding a NUL character (a quoted cookie value with the octal escape
    \\000, which Django's cookie parser turns into NUL) makes every page of the site answer
    500: the database session store looks the key up and PostgreSQL refuses NUL in text
    ("PostgreSQL text fields cannot contain NUL (0x00) bytes"). RefuseNulMiddleware guards
    the address and the query string only, and runs after the session is read. The
    project's rule is that no input gives a 500: such a cookie should be treated as no
    session (the visitor is simply signed out)."""
    client = Client(raise_request_exception=False, HTTP_COOKIE='sessionid="abcdefgh\\000ijklmnop"')

    response = client.get(reverse("home"))

    assert response.status_code == 200
