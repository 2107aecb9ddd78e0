"""A page refused for a NUL in its address, shown to someone signed in (their navigation, the
sign-out form), is sent no-store as every other page to them: PrivatePagesMiddleware comes
before the middlewares that answer for a view."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_refused_for_a_nul_is_not_stored_when_shown_to_someone_signed_in(client, cast):
    """README: every page shown to a signed-in person is sent no-store. RefuseNulMiddleware
    raised its 404 before PrivatePagesMiddleware (then listed after it) saw the response."""
    client.force_login(cast.mentor)

    response = client.get(reverse("dashboard") + "?x=%00")

    assert response.status_code == 404
    assert "Sign out" in response.content.decode()  # the person's own navigation
    assert "no-store" in response.get("Cache-Control", "")
