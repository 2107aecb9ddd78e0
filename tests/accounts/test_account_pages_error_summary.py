"""The account pages allauth draws (sign-in, sign-up, password reset, the second factor)
summarise their errors like every other page: one list at the top of the form, each message
linking to its field, and each message said once."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MISMATCH = "The email address and/or password you specified are not correct."


def summary(page: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_a_malformed_address_for_a_password_reset_links_to_its_field(client):
    page = client.post(reverse("account_reset_password"), {"email": "not-an-email"})

    assert '<a class="alert-link" href="#id_email">Enter a valid email address.</a>' in summary(
        page.content.decode()
    )


def test_a_wrong_password_is_said_once_in_the_summary(client, cast):
    page = client.post(
        reverse("account_login"), {"login": cast.mentor.email, "password": "wrong"}
    ).content.decode()

    assert MISMATCH in summary(page)
    assert page.count(MISMATCH) == 1


def test_a_sign_up_with_nothing_filled_in_links_each_message_to_its_field(client, cast):
    page = client.post(reverse("account_signup"), {}).content.decode()

    links = re.findall(r'<a class="alert-link" href="#(id_\w+)">', summary(page))
    assert {"id_full_name", "id_email", "id_password1"} <= set(links)
