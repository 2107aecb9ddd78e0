"""Sign-in protections hold across server processes, as they must with several workers.

allauth counts failed sign-ins and remembers used one-time codes in Django's cache. Two
gunicorn servers (one worker each, production settings) run here against the test database,
with the cache production may use: Redis (REDIS_URL) or the database cache (CACHE=database).
Failed sign-ins on either server count towards one limit, and a code accepted by one server
is refused by the other. With a cache of each process's own, neither would hold.
"""

import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.factories import PASSWORD, totp_code
from tests.servers import needs_redis

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}
TOO_MANY = "Too many failed login attempts. Try again later."
MISMATCH = "The email address and/or password you specified are not correct."


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The test database the suite made, as a URL the servers' settings read."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production settings serve hashed static files: collect them once."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, "STATIC_ROOT": str(root), "DEBUG": "0"},
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture(
    params=[
        pytest.param("redis", id="redis", marks=needs_redis),
        pytest.param("database", id="database-cache"),
    ]
)
def servers(request, static_root, tmp_path, transactional_db):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ALLOWED_SIGNUP_DOMAINS": "example.org",
        "DATABASE_URL": test_database_url(),
        "CONN_MAX_AGE": "0",
        "CACHE": request.param,
        "STATIC_ROOT": str(static_root),
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies sent without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    if request.param == "database":
        # A deployment without Redis: the database cache, and tasks run in process.
        env.pop("REDIS_URL", None)
        with override_settings(CACHES=DATABASE_CACHE):
            call_command("createcachetable")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_cache")
    processes, bases = [], []
    try:
        for number in (1, 2):
            port = free_port()
            log = open(tmp_path / f"web{number}.log", "w+")  # noqa: SIM115 (closed below)
            processes.append(
                (
                    subprocess.Popen(
                        [
                            str(BIN / "gunicorn"),
                            "config.wsgi",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--workers",
                            "1",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    ),
                    log,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for (process, log), base in zip(processes, bases, strict=True):
            wait_until_serving(base, process, log)
        yield bases
    finally:
        for process, _ in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process, log in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()


def wait_until_serving(base, process, log, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"gunicorn stopped:\n{log.read()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    log.seek(0)
    raise AssertionError(f"gunicorn did not answer in {timeout}s:\n{log.read()}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser, with its own cookies, talking to one server."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def submit(self, path, fields):
        """Fill in and send the form on the page at `path`, as a person would."""
        status, _, page = self.request(path)
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})

    def sign_in(self, email, password):
        return self.submit("/accounts/login/", {"login": email, "password": password})

    def is_signed_in(self) -> bool:
        return self.request("/dashboard/")[0] == 200


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
