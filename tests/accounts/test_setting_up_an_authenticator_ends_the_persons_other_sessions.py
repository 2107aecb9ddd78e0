"""Setting up an authenticator ends the person's other sessions: opened before it existed,
none passed a second step, and each would otherwise reach the programme office from then on
(`accounts.sessions.session_renew`). The session it was set up in goes on, with a new key."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/2fa/totp/activate/"


# Committed for real: allauth tells of the authenticator once its transaction commits, inside
# the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_session_opened_before_the_authenticator_existed_does_not_reach_the_office_after(
    cast, django_capture_on_commit_callbacks
):
    """A new coordinator signs in on a shared computer (no authenticator yet, so no second
    step: the site sends them to the set-up) and leaves it; later they set up the
    authenticator on their own laptop. The session left on the shared computer, which never
    passed any second step and cannot set one up (that asks for the password again), now
    opened the programme office: session_renew (authenticator_added) gave only the session
    it was set up in a new key. The person's other sessions end now."""
    person = cast.coordinator_without_authenticator
    shared = Client()
    assert (
        shared.post(
            reverse("account_login"), {"login": person.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert shared.get(reverse("admin:index")).status_code == 302  # sent to the set-up

    laptop = Client()
    laptop.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    asked = laptop.get(SET_UP)
    laptop.post(asked.url, {"password": PASSWORD})
    assert laptop.get(SET_UP).status_code == 200
    done = laptop.post(SET_UP, {"code": totp_code(laptop.session["mfa.totp.secret"])})
    assert done.status_code == 302
    assert laptop.get(reverse("admin:index")).status_code == 200

    assert shared.get(reverse("admin:index")).status_code != 200, (
        "the session that never passed a second step opens the programme office"
    )
