"""The code that set up an authenticator is used up like any other, so it does not also pass
the sign-in's second step; and recovery codes are shown once, when made, not to whoever
later opens a session left open."""

import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/2fa/totp/activate/"
RECOVERY_CODES = "/accounts/2fa/recovery-codes/"


@pytest.fixture
def clock():
    """Still, five seconds into a code's period: the set-up's code is the sign-in's code."""
    with time_machine.travel(time.time() // 30 * 30 + 5, tick=False) as traveller:
        yield traveller


def set_up_authenticator(client, person) -> tuple[str, str]:
    """Signs `person` (staff, no authenticator yet) in and sets up TOTP through allauth's
    pages; returns the secret and the code the set-up took."""
    signed_in = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    asked = client.get(SET_UP)
    client.post(asked.url, {"password": PASSWORD})
    assert client.get(SET_UP).status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = totp_code(secret)
    done = client.post(SET_UP, {"code": code})
    assert done.status_code == 302, done.content.decode()[:2000]
    return secret, code


def test_the_code_that_set_up_the_authenticator_does_not_also_sign_in(cast, clock):
    """A one-time code is used once: the code typed to set the authenticator up (seen over
    a shoulder, or left on the screen) must not then pass the sign-in's second step."""
    person = cast.coordinator_without_authenticator
    first = Client()
    secret, code = set_up_authenticator(first, person)

    second = Client()
    step = second.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert step.url == reverse("mfa_authenticate")
    assert totp_code(secret) == code
    answer = second.post(step.url, {"code": code})

    assert answer.status_code == 200, "the set-up's code was taken again at sign-in"
    assert not answer.wsgi_request.user.is_authenticated


def test_recovery_codes_are_shown_once_not_again_on_a_later_visit(cast):
    """Recovery codes are shown when they are made; a later visit to the page (a session left
    open, someone looking over a shoulder) must not list them again."""
    person = cast.coordinator_without_authenticator
    client = Client()
    set_up_authenticator(client, person)
    shown = client.get(RECOVERY_CODES)
    assert shown.status_code == 200
    codes = shown.context["unused_codes"]
    assert codes
    assert "****" not in codes

    again = client.get(RECOVERY_CODES)

    page = again.content.decode()
    assert not any(code in page for code in codes), "the recovery codes were shown again"
    download = client.get(RECOVERY_CODES + "download/")
    assert download.status_code != 200 or not any(
        code in download.content.decode() for code in codes
    ), "the recovery codes can be downloaded again"
