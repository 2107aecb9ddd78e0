"""Every number config/settings.py reads from the environment goes through `envnumber`: a
value that is not a number, or is out of its range (a zero or negative count, a port past
65535), stops start-up with a message naming the variable, the value and what is accepted,
instead of being taken silently (README, Configuration)."""

import re
import runpy
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.production import COMPLETE, start_web_server

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"
POSTGRES = {"DATABASE_URL": "postgres://app@db.example.org:5432/mentoring"}
SQLITE = {"DATABASE_URL": "sqlite://:memory:"}
SMTP = {"EMAIL_HOST": "smtp.example.org"}


def database(read: dict) -> dict:
    return read["DATABASES"]["default"]


# name: (what is accepted, values refused, a value accepted, what it sets, what else it needs)
NUMBERS = {
    "CONN_MAX_AGE": (
        "a whole number of at least 0",
        ["abc", "-1", "1.5"],
        "0",
        lambda s: database(s)["CONN_MAX_AGE"] == 0,
        POSTGRES,
    ),
    "SQLITE_TIMEOUT": (
        "a whole number of at least 1",
        ["abc", "0", "-5"],
        "5",
        lambda s: database(s)["OPTIONS"]["timeout"] == 5,
        SQLITE,
    ),
    "DATABASE_RANDOM_PAGE_COST": (
        "a number from 0.1 to 1000",
        ["cheap", "0", "-1", "nan", "1e9"],
        "2",
        lambda s: database(s)["OPTIONS"]["options"] == "-c random_page_cost=2.0",
        POSTGRES,
    ),
    "INVITATION_EXPIRY_DAYS": (
        "a whole number from 1 to 365",
        ["abc", "0", "-1", "366"],
        "30",
        lambda s: s["INVITATION_EXPIRY_DAYS"] == 30,
        {},
    ),
    "OUTBOX_MAX_ATTEMPTS": (
        "a whole number from 1 to 1000",
        ["abc", "0", "-1", "1001"],
        "5",
        lambda s: s["OUTBOX_MAX_ATTEMPTS"] == 5,
        {},
    ),
    "OUTBOX_RETRY_BASE_SECONDS": (
        "a number from 1 to 604800",
        ["abc", "0", "-1", "inf", "604801"],
        "30.5",
        lambda s: s["OUTBOX_RETRY_BASE_SECONDS"] == 30.5,
        {},
    ),
    "OUTBOX_RETRY_MAX_SECONDS": (
        "a number from 1 to 604800",
        ["abc", "0", "-60", "604801"],
        "3600",
        lambda s: s["OUTBOX_RETRY_MAX_SECONDS"] == 3600,
        {},
    ),
    "OUTBOX_COUNTDOWN_MAX_SECONDS": (
        "a number from 0 to 3600",
        ["abc", "-1", "3601"],
        "0",
        lambda s: s["OUTBOX_COUNTDOWN_MAX_SECONDS"] == 0,
        {},
    ),
    "OUTBOX_STUCK_AFTER_SECONDS": (
        "a whole number from 60 to 604800",
        ["abc", "0", "-1", "59"],
        "600",
        lambda s: s["OUTBOX_STUCK_AFTER_SECONDS"] == 600,
        {},
    ),
    "EMAIL_PORT": (
        "a whole number from 1 to 65535",
        ["abc", "0", "-25", "65536"],
        "465",
        lambda s: s["EMAIL_PORT"] == 465,
        SMTP,
    ),
    "EMAIL_TIMEOUT": (
        "a whole number from 1 to 300",
        ["abc", "0", "-1", "301"],
        "60",
        lambda s: s["EMAIL_TIMEOUT"] == 60,
        SMTP,
    ),
    "TRUSTED_PROXY_COUNT": (
        "a whole number of at least 0",
        ["abc", "-1"],
        "0",
        lambda s: s["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0,
        {},
    ),
    "SECURE_HSTS_SECONDS": (
        "a whole number of at least 0",
        ["abc", "-1"],
        "0",
        lambda s: s["SECURE_HSTS_SECONDS"] == 0,
        {},
    ),
    "SESSION_ABSOLUTE_HOURS": (
        "a whole number of at least 1",
        ["abc", "0", "-1"],
        "2",
        lambda s: s["SESSION_ABSOLUTE_HOURS"] == 2,
        {},
    ),
    "SESSION_STAFF_IDLE_MINUTES": (
        "a whole number of at least 1",
        ["abc", "0", "-30"],
        "10",
        lambda s: s["SESSION_STAFF_IDLE_MINUTES"] == 10,
        {},
    ),
    "SESSION_COOKIE_AGE": (
        "a whole number of at least 60",
        ["abc", "0", "-1", "59"],
        "7200",
        lambda s: s["SESSION_COOKIE_AGE"] == 7200,
        {},
    ),
    "REMINDERS_EVERY_MINUTES": (
        "a whole number from 1 to 60",
        ["abc", "0", "-5", "61"],
        "15",
        lambda s: s["CELERY_BEAT_SCHEDULE"]["send-reminders"]["schedule"] == timedelta(minutes=15),
        {},
    ),
}


def read_settings(monkeypatch, **variables: str) -> dict:
    """config/settings.py read afresh, as a server starting would, outside DEBUG with
    `variables` set (the settings in use are left as they are)."""
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.delenv("EMAIL_TO_CONSOLE", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


REFUSED = [
    pytest.param(name, value, id=f"{name}={value}")
    for name, (_, refused, *_rest) in NUMBERS.items()
    for value in refused
]


@pytest.mark.parametrize(("name", "value"), REFUSED)
def test_a_malformed_or_out_of_range_value_is_refused_naming_the_variable(monkeypatch, name, value):
    accepted, _, _, _, needs = NUMBERS[name]

    with pytest.raises(ImproperlyConfigured) as refusal:
        read_settings(monkeypatch, **needs, **{name: value})

    assert str(refusal.value) == f"{name} must be {accepted}, not {value!r}"


@pytest.mark.parametrize("name", NUMBERS)
def test_a_value_within_range_is_taken(monkeypatch, name):
    _, _, value, sets, needs = NUMBERS[name]

    assert sets(read_settings(monkeypatch, **needs, **{name: value}))


def test_every_number_the_settings_read_is_checked_here():
    """A number added to the settings is added here, with its range."""
    read = set(re.findall(r'envnumber\(\s*"([A-Z_]+)"', SETTINGS.read_text()))

    assert read == set(NUMBERS)


def test_the_web_server_will_not_start_with_a_malformed_number():
    result = start_web_server({**COMPLETE, "OUTBOX_RETRY_BASE_SECONDS": "abc"})

    assert result.returncode != 0
    assert "OUTBOX_RETRY_BASE_SECONDS must be a number from 1 to 604800, not 'abc'" in result.stderr


@pytest.mark.parametrize(
    ("timeout", "stuck"), [("60", "300"), ("300", "2999"), ("20", "60"), ("7", "69")]
)
def test_an_email_is_not_counted_stuck_while_it_may_still_be_sending(monkeypatch, timeout, stuck):
    with pytest.raises(ImproperlyConfigured) as refusal:
        read_settings(monkeypatch, **SMTP, EMAIL_TIMEOUT=timeout, OUTBOX_STUCK_AFTER_SECONDS=stuck)

    assert str(refusal.value) == (
        f"OUTBOX_STUCK_AFTER_SECONDS ({stuck}) must be at least ten times EMAIL_TIMEOUT "
        f"({timeout}), so that an email still being sent is not sent twice."
    )


@pytest.mark.parametrize(("timeout", "stuck"), [("20", "900"), ("30", "300"), ("6", "60")])
def test_a_stuck_time_ten_times_the_timeout_is_taken(monkeypatch, timeout, stuck):
    read = read_settings(
        monkeypatch, **SMTP, EMAIL_TIMEOUT=timeout, OUTBOX_STUCK_AFTER_SECONDS=stuck
    )

    assert (read["EMAIL_TIMEOUT"], read["OUTBOX_STUCK_AFTER_SECONDS"]) == (int(timeout), int(stuck))
