"""The database keeps only a link's hash "so a copy of the database cannot be used to follow
a link" (accounts/tokens.py). The production server's access log (config/gunicorn.py) keeps
every request, but writes the secret of such a link as "…": whoever reads the log cannot
accept a board member's invitation, reset a password or read a calendar with it."""

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import Config

from accounts.models import User
from config.gunicorn import SecretHidingLogger, hide_secrets
from tests.factories import ACCEPT_INVITATION, invitation_to_a_place
from tests.servers import free_port, test_database_url, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3tValue0123456789"
# What a URL's secret parameters are called, here and in allauth.
SECRET_PARAMETERS = {"token", "key"}


def _patterns(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def _parameters(entry: URLPattern) -> set[str]:
    return set(entry.pattern.regex.groupindex)


def test_every_url_with_a_token_or_a_key_in_its_path_is_logged_without_it():
    secret_urls = [entry for entry in _patterns() if _parameters(entry) & SECRET_PARAMETERS]
    # allauth's address confirmation and password reset, the invitation, the line manager's.
    assert len(secret_urls) >= 4, [entry.name for entry in secret_urls]
    for entry in secret_urls:
        kwargs = dict.fromkeys(_parameters(entry), SECRET)
        if "uidb36" in kwargs:  # allauth's reset link starts with the account's id
            kwargs["uidb36"] = "1a"
        url = reverse(entry.name, kwargs=kwargs)
        assert SECRET not in hide_secrets(f"GET {url} HTTP/1.1"), entry.name
        assert SECRET not in hide_secrets(f"/accounts/login/?next={url}"), entry.name


def _atoms(path: str, query: str = "", referer: str = "-") -> dict:
    raw_uri = f"{path}?{query}" if query else path
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": referer,
    }
    request = SimpleNamespace(headers=[("REFERER", referer)])
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    logger = SecretHidingLogger(Config())
    return logger.atoms(response, request, environ, timedelta(milliseconds=5))


def test_the_calendar_feeds_token_is_not_in_the_request_line_nor_the_query():
    atoms = _atoms(reverse("calendar_feed"), query=f"token={SECRET}")

    assert atoms["r"] == "GET /meetings/calendar.ics?token=… HTTP/1.1"
    assert atoms["q"] == "token=…"
    assert SECRET not in json.dumps(atoms, default=str)


def test_a_page_opened_from_a_link_does_not_log_the_link_as_its_referrer():
    invitation = reverse("invitation_accept", args=[SECRET])
    atoms = _atoms("/static/site.css", referer=f"https://example.org{invitation}")

    assert atoms["f"] == "https://example.org/accounts/invitation/…/"
    assert atoms["{referer}i"] == "https://example.org/accounts/invitation/…/"


def test_other_requests_are_logged_as_they_came():
    atoms = _atoms(reverse("account_reset_password_from_key_done"), query="next=/meetings/")

    assert atoms["r"] == "GET /accounts/password/reset/key/done/?next=/meetings/ HTTP/1.1"
    assert atoms["U"] == "/accounts/password/reset/key/done/"


@pytest.mark.needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_invitation_link_followed_is_not_written_to_the_production_servers_log(tmp_path):
    """Started with the Dockerfile's own command, so the log is production's."""
    cmd_line = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")
    )
    command = json.loads(cmd_line[4:])
    port = free_port()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "1"
    command[0] = str(Path(sys.executable).parent / "gunicorn")

    token = "a-real-looking-token-0123456789abcdefghijklmno"
    invitation_to_a_place("jonathan.hale@example.com", token=token)

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "1",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": test_database_url(),
        "CONN_MAX_AGE": "0",
    }
    log = open(tmp_path / "web.log", "w+")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process, log)
        with urllib.request.urlopen(f"{base}/accounts/invitation/{token}/", timeout=30) as page:
            assert page.status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    log.seek(0)
    written = log.read()
    log.close()

    found = re.search(r"/accounts/invitation/([\w-]+)/", written)
    if found:
        # Anyone reading the log accepts the board member's invitation as them.
        Client().post(f"/accounts/invitation/{found.group(1)}/", ACCEPT_INVITATION)
    made = list(User.objects.filter(email="jonathan.hale@example.com").values_list("full_name"))
    assert token not in written, f"the log holds the link; with it, an account was made: {made}"
    # The request is still logged, its secret hidden.
    assert '"GET /accounts/invitation/…/ HTTP/1.1" 200' in written
    assert not made
