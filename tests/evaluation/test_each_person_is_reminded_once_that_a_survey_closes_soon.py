"""Each person a survey asks hears once that it closes soon, whatever the office does with
its last day: a survey emails each person at most twice (evaluation.reminders). Moving an
open survey's last day again within its last three days sends nobody a second "closing"
email, and saves without asking (nobody is emailed); a reminder that never went (the mail
server away while the last day moved) still goes, once, with the new last day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.outbox import outbox_sweep
from evaluation.models import Survey
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import change_url, sign_in_for_real
from tests.surveys import form_data, pilot_survey

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
EVERYONE = ["bola@example.org", "maya@example.org", "olive@example.org", "omar@example.org"]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 6, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def survey(cast):
    """Open from Monday 7 June to the end of Saturday 12 June, asking the cast's four: its
    closing reminder is due on Thursday 10 June."""
    return pilot_survey(cast, opens_at=at(7, 0), closes_at=at(13, 0))


def run_at(moment, django_capture_on_commit_callbacks, *, send=True) -> int:
    """The dispatcher and the outbox sweep at `moment`; the closing reminders it wrote."""
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=send),
    ):
        written = reminders_dispatch()["survey_closing"]
        if send:
            outbox_sweep()
    return written


def last_day_moved_to(survey, day: int) -> None:
    Survey.objects.filter(pk=survey.pk).update(closes_at=at(day + 1, 0))


def closing_mail(mailoutbox) -> list[tuple[str, str]]:
    return sorted(
        (mail.to[0], mail.subject) for mail in mailoutbox if mail.subject.startswith("Closes ")
    )


def test_a_last_day_moved_again_within_its_last_days_reminds_nobody_again(
    survey, django_capture_on_commit_callbacks, mailoutbox
):
    assert run_at(at(10, 9), django_capture_on_commit_callbacks) == 4

    last_day_moved_to(survey, 11)  # its closing reminder now due on Wednesday 9 June

    assert run_at(at(10, 10), django_capture_on_commit_callbacks) == 0
    assert run_at(at(11, 9), django_capture_on_commit_callbacks) == 0
    assert [to for to, _subject in closing_mail(mailoutbox)] == EVERYONE


def test_a_closing_reminder_that_never_went_goes_once_with_the_new_last_day(
    survey, django_capture_on_commit_callbacks, mailoutbox
):
    # Written at 09:00, waiting in the outbox: the mail server is away.
    assert run_at(at(10, 9), django_capture_on_commit_callbacks, send=False) == 4

    last_day_moved_to(survey, 11)
    run_at(at(10, 10), django_capture_on_commit_callbacks)

    assert closing_mail(mailoutbox) == [
        (to, "Closes Friday 11 June, end of the day: Spring pilot evaluation (anonymous)")
        for to in EVERYONE
    ]


def test_the_office_moving_it_again_is_not_asked_as_nobody_is_emailed(
    client, cast, survey, django_capture_on_commit_callbacks, mailoutbox
):
    run_at(at(10, 9), django_capture_on_commit_callbacks)

    with time_machine.travel(at(10, 10), tick=False):
        sign_in_for_real(client, cast, "coordinator")
        saved = client.post(change_url(survey), form_data(survey, closes_at="2027-06-11"))

    assert saved.status_code == 302
    survey.refresh_from_db()
    assert str(survey.last_day) == "2027-06-11"
    assert run_at(at(10, 10, 5), django_capture_on_commit_callbacks) == 0
    assert len(closing_mail(mailoutbox)) == 4
