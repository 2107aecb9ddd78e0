"""A survey reminder the mail server refused is shown to the office as failed, and why, but
never to whom: the refusal names the address ("550 <maya@example.org>: no such user"), and
whom a survey reminds says who has not answered it. Not in the outbox or the reminder log,
their pages, nor the confirmation of sending it again; other emails' failures still name
their address, which the office needs to put it right."""

import smtplib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import Reminder
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import rows, signed_in_for_real
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
LONDON = ZoneInfo("Europe/London")
PEOPLE = ["maya@example.org", "omar@example.org", "bola@example.org", "olive@example.org"]


def refuse(self, *args, **kwargs):
    raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"5.1.1 No such user")})


@pytest.fixture
def refused(cast, monkeypatch, django_capture_on_commit_callbacks):
    """The survey's opening reminders, each refused by the mail server naming its address."""
    opens = datetime(2027, 6, 7, 0, 0, tzinfo=LONDON)
    survey = SurveyFactory(
        programme=cast.programme,
        title="Pilot evaluation",
        opens_at=opens,
        closes_at=datetime(2027, 6, 21, 17, 0, tzinfo=LONDON),
    )
    QuestionFactory(survey=survey)
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with (
        time_machine.travel(datetime(2027, 6, 7, 8, 0, tzinfo=LONDON), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_dispatch()
        outbox_sweep()
    failed = OutboxMessage.objects.filter(kind__contains="survey_open")
    assert failed.count() == 4
    assert {message.status for message in failed} == {OutboxStatus.FAILED}
    assert all(message.to in message.last_error for message in failed)  # as the server said
    return failed


def assert_nobody_named(page) -> None:
    assert page.status_code == 200
    content = page.content.decode()
    assert not [person for person in PEOPLE if person in content]
    assert "No such user" in content  # why it failed is still said


def test_the_outbox_and_reminder_lists_say_why_not_to_whom(office, refused):
    outbox = office.get(reverse("admin:accounts_outboxmessage_changelist"))
    reminders = office.get(reverse("admin:mentoring_reminder_changelist") + "?kind=survey_open")

    for page in (outbox, reminders):
        assert_nobody_named(page)
    survey_reminders = [row for row in rows(outbox) if row["email_kind"] == "Reminder: survey open"]
    assert len(survey_reminders) == 4
    assert {row["last_error_shown"] for row in survey_reminders} == {
        "SMTPRecipientsRefused: {'(address not shown)': (550, b'5.1.1 No such user')}"
    }


def test_the_log_says_why_not_to_whom(refused, caplog):
    sent = caplog.get_records("setup")  # the fixture sent them
    logged = [record.getMessage() for record in sent if "failed" in record.getMessage()]

    assert len([line for line in logged if "Not shown for survey reminders" in line]) == 4
    assert not [line for line in logged for person in PEOPLE if person in line]


def test_each_ones_page_says_why_not_to_whom(office, refused):
    message = refused.first()
    reminder = Reminder.objects.get(message=message)

    assert_nobody_named(
        office.get(reverse("admin:accounts_outboxmessage_change", args=[message.pk]))
    )
    assert_nobody_named(office.get(reverse("admin:mentoring_reminder_change", args=[reminder.pk])))


def test_sending_them_again_is_confirmed_without_naming_anyone(office, refused):
    page = office.post(
        reverse("admin:accounts_outboxmessage_changelist"),
        {"action": "send_again", ACTION_CHECKBOX_NAME: [message.pk for message in refused]},
    )

    assert_nobody_named(page)
    assert page.content.decode().count("to Not shown for survey reminders") == 4


def test_another_emails_failure_still_names_its_address(office):
    OutboxMessage.objects.create(
        kind="mentoring/email/application_accepted",
        to="typo@example.org",
        subject="You are a reverse mentor",
        status=OutboxStatus.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: {'typo@example.org': (550, b'5.1.1 No such user')}",
    )

    page = office.get(reverse("admin:accounts_outboxmessage_changelist"))

    assert rows(page)[0]["last_error_shown"] == (
        "SMTPRecipientsRefused: {'typo@example.org': (550, b'5.1.1 No such user')}"
    )
