"""A sign-in lasts 12 hours at most, however active; staff are signed out after 30 idle
minutes. Everyone signs in through the real pages (staff with their authenticator code)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import session_end_reason
from tests.admin_pages import messages_shown, sign_in_for_real

START = timezone.now().replace(microsecond=0)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def signed_out_to_login(client, path="/dashboard/") -> list[str]:
    """Asks for `path`; expects the sign-in page and returns the messages it shows."""
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={path}"
    login = client.get(response.url)
    assert not login.wsgi_request.user.is_authenticated
    return messages_shown(login)


def test_a_coordinator_idle_for_31_minutes_is_signed_out_with_a_message(client, cast, clock):
    sign_in_for_real(client, cast, "coordinator")
    assert client.get("/admin/").status_code == 200

    clock.shift(timedelta(minutes=31))

    shown = signed_out_to_login(client, "/admin/")
    assert shown == [
        "You were signed out after 30 minutes without activity, to keep the programme's "
        "confidential information safe. Please sign in again."
    ]
    assert client.get("/admin/").status_code == 302


def test_a_superuser_idle_for_31_minutes_is_signed_out(client, cast, clock):
    sign_in_for_real(client, cast, "superuser")
    clock.shift(timedelta(minutes=31))

    assert "without activity" in signed_out_to_login(client)[0]


def test_a_coordinator_active_every_20_minutes_stays_signed_in(client, cast, clock):
    sign_in_for_real(client, cast, "coordinator")
    for _ in range(6):  # two hours
        clock.shift(timedelta(minutes=20))
        assert client.get("/admin/").status_code == 200


def test_a_mentor_idle_for_31_minutes_is_still_signed_in(client, cast, clock):
    sign_in_for_real(client, cast, "mentor")

    clock.shift(timedelta(minutes=31))

    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert response.wsgi_request.user == cast.mentor


@pytest.mark.parametrize("role", ["board_member", "coordinator"])
def test_anyone_is_signed_out_12_hours_after_signing_in_even_if_active(client, cast, clock, role):
    sign_in_for_real(client, cast, role)
    for _ in range(24):  # every 29 minutes, until 11 h 36
        clock.shift(timedelta(minutes=29))
        assert client.get("/dashboard/").status_code == 200
    clock.shift(timedelta(minutes=23))  # 11 h 59
    assert client.get("/dashboard/").status_code == 200

    clock.shift(timedelta(minutes=1))

    assert signed_out_to_login(client) == [
        "You were signed out because you signed in more than 12 hours ago. Please sign in again."
    ]


def test_signing_in_again_starts_a_new_12_hours(client, cast, clock):
    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=12))
    signed_out_to_login(client)

    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=11))
    assert client.get("/dashboard/").status_code == 200


def test_the_limits_come_from_the_settings(client, cast, clock, settings):
    settings.SESSION_STAFF_IDLE_MINUTES = 10
    settings.SESSION_ABSOLUTE_HOURS = 2
    sign_in_for_real(client, cast, "coordinator")
    clock.shift(timedelta(minutes=11))
    assert "after 10 minutes without activity" in signed_out_to_login(client)[0]

    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=2))
    assert "more than 2 hours ago" in signed_out_to_login(client)[0]


@pytest.mark.parametrize(
    ("signed_in_ago", "idle_for", "is_staff", "ends"),
    [
        (timedelta(hours=1), timedelta(minutes=29), True, False),
        (timedelta(hours=1), timedelta(minutes=30), True, True),
        (timedelta(hours=1), timedelta(minutes=59), False, False),
        (timedelta(hours=11, minutes=59), timedelta(0), False, False),
        (timedelta(hours=12), timedelta(0), False, True),
        (timedelta(hours=12), timedelta(0), True, True),
    ],
)
def test_when_a_session_ends(signed_in_ago, idle_for, is_staff, ends):
    now = 1_800_000_000.0
    reason = session_end_reason(
        signed_in_at=now - signed_in_ago.total_seconds(),
        last_seen=now - idle_for.total_seconds(),
        is_staff=is_staff,
        now=now,
    )
    assert (reason is not None) == ends
