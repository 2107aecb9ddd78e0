"""Adding an email address to an account (then confirming it, making it the primary one and
resetting the password) would take the account over from a session left open: allauth
asks for the password again first (ACCOUNT_REAUTHENTICATION_REQUIRED), as deleting the
account does."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.cast import sign_in_as
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
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
