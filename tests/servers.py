"""The real servers some tests need: PostgreSQL (two transactions at once, the production
processes) and Redis (a Celery worker, a shared cache across servers).

Such a test is marked `needs_postgresql` or `needs_redis`. Without the server it fails and
says which variable to set; it never skips, so a run that lacks a server cannot pass
unnoticed. `make test` points DATABASE_URL and REDIS_URL at the local servers unless they
are set already.
"""

import http.cookiejar
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

needs_postgresql = pytest.mark.needs_postgresql
needs_redis = pytest.mark.needs_redis


def missing_servers(item) -> list[str]:
    missing = []
    if (
        item.get_closest_marker("needs_postgresql")
        and "postgresql" not in settings.DATABASES["default"]["ENGINE"]
    ):
        missing.append("PostgreSQL (set DATABASE_URL to a PostgreSQL database)")
    if item.get_closest_marker("needs_redis") and not os.environ.get("REDIS_URL"):
        missing.append("Redis (set REDIS_URL)")
    return missing


def changed_while_redis_blips(monkeypatch, change) -> None:
    """Worker A makes `change` (a callable); replacing the navigation's generation fails
    there (mentoring.navigation), so it is owed in A alone. Then worker B: its own memory
    (nothing away, nothing owed), the same Redis, which still holds what was kept before."""
    from redis import RedisError

    from mentoring import navigation

    def blip():
        raise RedisError("Connection reset by peer")

    # What A's failure leaves in this process's memory is put back after the test.
    monkeypatch.setattr(navigation, "_away_until", navigation._away_until)
    monkeypatch.setattr(navigation, "_owed", navigation._owed)
    with monkeypatch.context() as worker_a:
        worker_a.setattr(navigation, "_new_generation", blip)
        change()
    navigation._away_until, navigation._owed = 0.0, 0


def free_port() -> int:
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
