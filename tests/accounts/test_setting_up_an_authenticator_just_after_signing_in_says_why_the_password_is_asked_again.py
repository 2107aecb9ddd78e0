"""A coordinator without an authenticator is sent to set one up as they sign in, and allauth
asks for the password again before any authenticator is added (a sign-in does not count as
confirming it is you: ACCOUNT_REAUTHENTICATION_REQUIRED). The page says why, rather than
"You asked to change how your account is reached or protected": they asked for nothing."""

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WHY = (
    "Next you set up an authenticator app, which changes how your account is protected. In "
    "case someone else is at a device you left signed in, we check it is you first, even if "
    "you have just signed in."
)


def test_a_coordinator_sent_to_set_one_up_is_told_why(client, cast):
    person = cast.coordinator_without_authenticator

    page = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )

    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    text = words(page.content.decode())
    assert WHY in text
    assert "You asked to change" not in text


def test_a_wrong_password_there_keeps_saying_why(client, cast):
    person = cast.coordinator_without_authenticator
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    page = client.post(
        reverse("account_reauthenticate"),
        {"password": "not-it", "next": reverse("mfa_activate_totp")},
    )

    assert WHY in words(page.content.decode())


def test_adding_an_address_still_says_they_asked_for_a_change(client, cast):
    client.force_login(cast.outsider)

    page = client.post(
        reverse("account_email"), {"action_add": "", "email": "olu.two@example.org"}, follow=True
    )

    assert "You asked to change how your account is reached or protected." in words(
        page.content.decode()
    )
