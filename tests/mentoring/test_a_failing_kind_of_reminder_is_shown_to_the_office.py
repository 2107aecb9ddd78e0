"""A kind of reminder that fails (a bug, a query the database refuses) is not only in the log:
the office's start page says which kind is not going out and since when, `mail_status`
names it and its --check fails, until the kind runs again. Emails that failed for good are
counted on the start page too, linking to the outbox's list of them."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.reminders import REGISTRY, reminders_dispatch
from tests.admin_pages import rows, sign_in_for_real
from tests.cast import sign_in_as

pytestmark = [pytest.mark.django_db, pytest.mark.daytime]

URL = reverse("admin:index")
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)


@pytest.fixture
def broken(monkeypatch):
    """The "window open" kind fails until the test mends it."""
    kind = REGISTRY["window_open"]
    original = kind.find

    def fails(run):
        raise RuntimeError("a bug in one kind, naming nobody")

    monkeypatch.setattr(kind, "find", fails)
    return lambda: monkeypatch.setattr(kind, "find", original)


def failing_section(client) -> str:
    page = client.get(URL).content.decode()
    start = page.find('id="reminders-failing"')
    return "" if start < 0 else page[start : page.index("</section>", start)]


def test_the_office_is_shown_the_kind_that_fails_until_it_runs_again(
    client, cast, broken, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    with pytest.raises(RuntimeError):
        reminders_dispatch()
    time_machine.move_to(MONDAY + timedelta(minutes=5), tick=False)
    with pytest.raises(RuntimeError):
        reminders_dispatch()  # still failing: since the first run

    sign_in_for_real(client, cast, "coordinator")
    shown = failing_section(client)
    assert "Reminders not going out" in shown
    assert f"{REGISTRY['window_open'].label}: failing since 30 November 2026, 09:00" in shown
    assert "(RuntimeError)" in shown
    assert "naming nobody" not in shown  # the error's text stays in the log

    broken()  # mended
    reminders_dispatch()
    assert failing_section(client) == ""


def test_mail_status_names_the_failing_kind_and_its_check_fails(broken):
    with pytest.raises(RuntimeError):
        reminders_dispatch()
    out = StringIO()
    with pytest.raises(CommandError, match="1 kind\\(s\\) of reminder failing"):
        call_command("mail_status", "--check", stdout=out)
    assert f'"{REGISTRY["window_open"].label}" failing since' in out.getvalue()


@pytest.mark.parametrize("role", ["mentor", "board_member", "coordinator_without_authenticator"])
def test_nobody_outside_the_office_sees_it(client, cast, broken, role):
    with pytest.raises(RuntimeError):
        reminders_dispatch()
    sign_in_as(client, cast, role)
    assert "Reminders not going out" not in client.get(URL).content.decode()


def test_emails_that_failed_for_good_are_counted_and_listed(client, cast):
    for to in ("gone@example.org", "typo@example.org"):
        OutboxMessage.objects.create(
            kind="x", to=to, status=OutboxStatus.FAILED, last_error="550 No such user"
        )
    OutboxMessage.objects.create(
        kind="x", to="fine@example.org", status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    sign_in_as(client, cast, "coordinator")

    page = client.get(URL).content.decode()
    assert "Emails that could not be sent" in page
    link = reverse("admin:accounts_outboxmessage_changelist") + "?state=failed"
    assert f'href="{link}"' in page
    assert len(rows(client.get(link))) == 2


CACHE_AWAY = {
    "default": {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def test_with_the_cache_away_reminders_are_still_written_and_mail_status_says_so(cast):
    from mentoring.models import Reminder
    from mentoring.tasks import reminders_dispatch as task
    from tests.factories import MeetingFactory

    MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(days=7, hours=-3),  # the week-ahead reminder
        confirmed_at=timezone.now() - timedelta(days=20),
    )
    with override_settings(CACHES=CACHE_AWAY):
        task()  # the dispatcher's work is done; only its marks in the cache are missed
        out = StringIO()
        with pytest.raises(CommandError, match="the cache \\(Redis\\) cannot be reached"):
            call_command("mail_status", "--check", stdout=out)
    assert Reminder.objects.count() == 2  # one for each of the pair
    assert "Reminders: unknown, the cache (Redis) cannot be reached." in out.getvalue()
