"""A kind of reminder failing by day stays shown failing (since when it first failed) through
the night, when kinds about a day do not run, and mail_status --check still fails."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentoring.reminders import REGISTRY, reminders_dispatch, reminders_failing

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)
TUESDAY_2 = datetime(2026, 12, 1, 2, 0, tzinfo=LONDON)


@pytest.fixture
def window_open_broken(monkeypatch):
    kind = REGISTRY["window_open"]

    def fails(run):
        raise RuntimeError("a bug in one kind")

    monkeypatch.setattr(kind, "find", fails)


def test_a_kind_failing_since_yesterday_is_still_shown_failing_in_the_night(
    window_open_broken, time_machine
):
    """ "Window open" fails all Monday. The dispatcher's run at 02:00 on Tuesday skips the
    kinds about a day (about_a_day): that run says nothing of whether they work, so the
    office is still told the kind fails, and since Monday 09:00."""
    time_machine.move_to(MONDAY_9, tick=False)
    with pytest.raises(RuntimeError):
        reminders_dispatch()
    time_machine.move_to(MONDAY_9 + timedelta(hours=8), tick=False)
    with pytest.raises(RuntimeError):
        reminders_dispatch()

    time_machine.move_to(TUESDAY_2, tick=False)
    reminders_dispatch()  # the night run: about-a-day kinds skipped

    failing = {f.label: f.since for f in reminders_failing()}
    assert REGISTRY["window_open"].label in failing, (
        "the start page and mail_status stop saying the kind fails every night"
    )
    assert failing[REGISTRY["window_open"].label] == MONDAY_9


def test_mail_status_check_still_fails_in_the_night_for_a_kind_that_fails_by_day(
    window_open_broken, time_machine
):
    time_machine.move_to(MONDAY_9 + timedelta(hours=10), tick=False)
    with pytest.raises(RuntimeError):
        reminders_dispatch()
    time_machine.move_to(TUESDAY_2, tick=False)
    reminders_dispatch()

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("mail_status", "--check", stdout=out)
    # (It fails anyway here: this test runs the dispatcher without the task noting its run.)
    assert f'"{REGISTRY["window_open"].label}" failing since' in out.getvalue()


from tests.production import (  # noqa: E402
    only_the_hourly_tasks,  # noqa: F401
)
