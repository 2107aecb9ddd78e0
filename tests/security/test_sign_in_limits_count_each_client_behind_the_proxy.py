"""Production runs behind a TLS proxy, so every request comes from the proxy's address: the
sign-in limits per address of the client (allauth's `login_failed`, ten a minute) count the
address the proxy adds to X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT, TRUSTED_PROXY_COUNT
in the environment). Someone sending wrong passwords is stopped; everyone else still signs
in."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"
TOO_MANY = "Too many failed login attempts"


def through_the_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def wrong_passwords(client: Client, times: int) -> None:
    for n in range(times):
        client.post(reverse("account_login"), {"login": f"nobody{n}@example.org", "password": "x"})


def test_wrong_passwords_from_one_client_do_not_stop_another(cast):
    attacker = through_the_proxy("203.0.113.66")
    wrong_passwords(attacker, 10)

    victim = through_the_proxy("198.51.100.7")
    signed_in = victim.post(
        reverse("account_login"), {"login": cast.mentor.email, "password": PASSWORD}
    )

    assert signed_in.status_code == 302
    stopped = attacker.post(
        reverse("account_login"), {"login": cast.mentor.email, "password": PASSWORD}
    )
    assert TOO_MANY in stopped.content.decode()


def test_production_trusts_one_proxy_and_the_embedded_mode_none():
    from config import settings as production

    assert (0 if production.DEBUG else 1) == production.ALLAUTH_TRUSTED_PROXY_COUNT
