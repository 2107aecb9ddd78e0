from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_one_login_per_line_and_the_coordinators_totp_secret():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()

    roles = [line.split()[0] for line in lines if "@" in line and len(line.split()) == 3]
    assert roles.count("coordinator") == 1
    assert roles.count("mentor") >= 3
    assert roles.count("board-member") >= 2
    assert any("TOTP secret" in line for line in lines)


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), Authenticator.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Authenticator.objects.count()) == counts


def test_the_demo_coordinator_can_use_the_admin_at_once(client):
    call_command("seed_demo", stdout=StringIO())
    coordinator = User.objects.get(email="office@example.org")
    assert coordinator.is_coordinator
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_run_periodic_once_runs_the_scheduled_tasks():
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timezone.timedelta(days=1)
    )
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    assert "clear-expired-sessions: done" in out.getvalue()
    assert not Session.objects.filter(session_key="old").exists()
