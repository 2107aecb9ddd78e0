"""A session reaches the programme office only once its staff account has an authenticator,
or once its person is made a coordinator: the session key of before (copied from a shared
computer, say) then opens nothing more than it did. Setting up the authenticator gives the
session a new key, as signing in does (accounts.sessions.session_renew); being made a
coordinator signs the person's sessions out (accounts.services.coordinator_grant)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import coordinator_grant
from tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db
SET_UP = "/accounts/2fa/totp/activate/"


def with_key(key: str) -> Client:
    other = Client()
    other.cookies["sessionid"] = key
    return other


# Committed for real: allauth says the authenticator was added once its transaction commits,
# within the request, and the session's new key goes out with the response.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_gives_the_session_a_new_key(client, cast):
    person = cast.coordinator_without_authenticator
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    before = client.cookies["sessionid"].value
    assert with_key(before).get(reverse("admin:index")).url == SET_UP

    asked = client.get(SET_UP)
    client.post(asked.url, {"password": PASSWORD})
    client.get(SET_UP)
    set_up = client.post(SET_UP, {"code": totp_code(client.session["mfa.totp.secret"])})

    assert set_up.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200  # the session goes on
    assert client.cookies["sessionid"].value != before
    assert with_key(before).get(reverse("admin:index")).status_code == 302


def test_being_made_a_coordinator_signs_the_persons_sessions_out(client, cast):
    client.post(reverse("account_login"), {"login": cast.outsider.email, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200

    coordinator_grant(user=cast.outsider)

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_coordinator_made_one_again_stays_signed_in(cast):
    office = Client()
    office.force_login(cast.coordinator)
    assert office.get(reverse("admin:index")).status_code == 200

    coordinator_grant(user=cast.coordinator)

    assert office.get(reverse("admin:index")).status_code == 200
