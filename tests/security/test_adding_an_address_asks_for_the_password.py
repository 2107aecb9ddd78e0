"""Adding an email address to an account (then confirming it, making it the primary one and
resetting the password) would take the account over from a session left open: allauth
asks for the password again first (ACCOUNT_REAUTHENTICATION_REQUIRED), as deleting the
account does."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.admin_pages import signed_in_for_real, words
from tests.cast import sign_in_as
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")
ADDED = {"email": "attacker@example.org", "action_add": ""}


def test_an_address_is_not_added_without_the_password(client, cast):
    sign_in_as(client, cast, "mentor")

    response = client.post(reverse("account_email"), ADDED)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="attacker@example.org").exists()


def test_with_the_password_given_again_it_is_added(client, cast):
    sign_in_as(client, cast, "mentor")
    asked = client.post(reverse("account_email"), ADDED)

    client.post(asked.url, {"password": PASSWORD})
    client.post(reverse("account_email"), ADDED)

    assert EmailAddress.objects.filter(user=cast.mentor, email="attacker@example.org").exists()


def test_a_coordinator_confirms_it_is_them_with_their_authenticator(office):
    page = office.get(reverse("mfa_reauthenticate"))

    assert page.status_code == 200
    said = words(page.content.decode())
    assert said.startswith("Confirm it is you · Reverse mentoring")
    assert (
        "You asked to change how your account is reached or protected. In case someone else "
        "is at a device you left signed in, we check it is you before anything changes. "
        "Enter the 6-digit code your authenticator app shows now, or one of your recovery codes."
    ) in said
    assert "Or confirm it another way Send me a sign-in code Use your password" in said
    assert "reauthenticate" not in said.lower()
