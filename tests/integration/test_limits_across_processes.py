"""Sign-in protections hold across server processes, as they must with several workers.

allauth counts failed sign-ins and remembers used one-time codes in Django's cache. Two
gunicorn servers (one worker each, production settings) run here against the test database,
with the cache production may use: Redis (REDIS_URL) or the database cache (CACHE=database).
Failed sign-ins on either server count towards one limit, and a code accepted by one server
is refused by the other. With a cache of each process's own, neither would hold.
"""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.contrib.auth.hashers import Argon2PasswordHasher

from tests.factories import PASSWORD, totp_code
from tests.servers import Browser

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

TOO_MANY = "Too many failed login attempts. Try again later."
MISMATCH = "The email address and/or password you specified are not correct."


def test_failed_sign_ins_on_two_servers_count_towards_one_limit(servers, cast):
    first, second = Browser(servers[0]), Browser(servers[1])
    email = cast.mentor.email

    # Five wrong passwords, three on one server and two on the other: the limit is 5.
    for browser in (first, second, first, second, first):
        status, _, page = browser.sign_in(email, "not-the-password")
        assert status == 200
        assert MISMATCH in page

    # The sixth attempt is refused on either server, even with the right password.
    for browser in (second, first):
        status, _, page = browser.sign_in(email, PASSWORD)
        assert status == 200
        assert TOO_MANY in page
        assert not browser.is_signed_in()


def test_a_one_time_code_used_on_one_server_is_refused_on_the_other(servers, cast):
    coordinator = cast.coordinator
    # The suite hashes passwords with a fast hasher the servers do not accept.
    coordinator.password = Argon2PasswordHasher().encode(PASSWORD, "a-salt-for-tests")
    coordinator.save(update_fields=["password"])
    # Enough of the code's period left for both servers to see it while it is current.
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 12:
        time.sleep(left + 0.1)
    first, second = Browser(servers[0]), Browser(servers[1])

    status, headers, _ = first.sign_in(coordinator.email, PASSWORD)
    assert (status, headers["Location"]) == (302, "/accounts/2fa/authenticate/")
    code = totp_code(coordinator.totp_secret)
    status, _, _ = first.submit("/accounts/2fa/authenticate/", {"code": code})
    assert status == 302
    assert first.is_signed_in()

    status, headers, _ = second.sign_in(coordinator.email, PASSWORD)
    assert (status, headers["Location"]) == (302, "/accounts/2fa/authenticate/")
    status, _, page = second.submit("/accounts/2fa/authenticate/", {"code": code})
    assert status == 200
    assert "Incorrect code." in page
    assert not second.is_signed_in()
    # Still the current code: it was refused because it had been used, not because it expired.
    assert totp_code(coordinator.totp_secret) == code


def test_password_resets_on_two_servers_count_towards_one_limit(servers, cast):
    first, second = Browser(servers[0]), Browser(servers[1])
    email = cast.mentor.email

    # Five resets for one address a minute, wherever they are asked for.
    for browser in (first, second, first, second, first):
        status, headers, _ = browser.submit("/accounts/password/reset/", {"email": email})
        assert (status, headers["Location"]) == (302, "/accounts/password/reset/done/")

    for browser in (second, first):
        status, _, _ = browser.submit("/accounts/password/reset/", {"email": email})
        assert status == 429
