"""A "survey open" reminder held up in the outbox (the mail server away for days) until the
"survey closing" reminder is due does not go on top of it: the closing one says it all, as
the dispatcher has it (`opening_reminder_due`), and sending follows the same rule
(`opening_reminder_replaced`). Said alike to everyone it would have gone to."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.reminders import reminders_dispatch
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 6, day, hour, tzinfo=LONDON)


@pytest.fixture
def opening_reminders_waiting(cast, django_capture_on_commit_callbacks):
    """A survey open from Monday 7 June to the end of Saturday 12 June (its closing reminder
    due on Thursday 10 June); its opening reminders are written on Monday at 09:00, and
    wait in the outbox."""
    survey = SurveyFactory(
        programme=cast.programme, title="Pilot evaluation", opens_at=at(7, 0), closes_at=at(13, 0)
    )
    QuestionFactory(survey=survey)
    with time_machine.travel(at(7, 9), tick=False), django_capture_on_commit_callbacks():
        reminders_dispatch()
    waiting = OutboxMessage.objects.filter(kind="reminder: survey_open")
    assert waiting.count() == 4
    assert set(waiting.values_list("status", flat=True)) == {OutboxStatus.PENDING}
    return waiting


def sent_on(day: int, django_capture_on_commit_callbacks) -> None:
    """At 09:00 that day, the mail server is back: beat runs the dispatcher and the sweep."""
    with (
        time_machine.travel(at(day, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_dispatch()
        outbox_sweep()


def test_an_opening_reminder_still_waiting_when_the_closing_one_is_due_is_called_off(
    cast, opening_reminders_waiting, django_capture_on_commit_callbacks, mailoutbox
):
    sent_on(10, django_capture_on_commit_callbacks)

    assert [mail.subject for mail in mailoutbox if mail.to == ["maya@example.org"]] == [
        "Closes Saturday 12 June, end of the day: Pilot evaluation (anonymous)"
    ]
    assert set(opening_reminders_waiting.values_list("status", "cancelled_reason")) == {
        (OutboxStatus.CANCELLED, "A later reminder has taken its place.")
    }


def test_an_opening_reminder_delayed_a_day_still_goes(
    cast, opening_reminders_waiting, django_capture_on_commit_callbacks, mailoutbox
):
    sent_on(8, django_capture_on_commit_callbacks)

    assert [mail.subject for mail in mailoutbox if mail.to == ["maya@example.org"]] == [
        "Survey open: Pilot evaluation (anonymous, until 12 June, end of the day)"
    ]
