"""Past its limit of guesses, the account deletion page says so and checks nothing: a wrong
password and the right one read alike (`AccountDeleteForm`'s `limited`)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOT_YOURS = "That is not your password."


def test_once_the_delete_pages_limit_is_reached_it_no_longer_says_whether_the_password_was_right(
    client, cast
):
    """account_delete_view: "A session left open must not be a way to guess the password".
    Past the limit (10 a minute) the page says "Too many attempts"; before, the password
    was still checked behind it, "That is not your password." answering a wrong guess and
    not the right one."""
    client.force_login(cast.outsider)
    url = reverse("account_delete")
    for attempt in range(10):
        assert NOT_YOURS in client.post(url, {"password": f"guess-{attempt}"}).content.decode()

    wrong = client.post(url, {"password": "guess-again"})
    right = client.post(url, {"password": PASSWORD})

    assert "Too many attempts" in wrong.content.decode()
    assert "Too many attempts" in right.content.decode()
    assert wrong.context["form"].errors == right.context["form"].errors, (
        "past the limit, a wrong guess and the right password still get different answers"
    )
