"""The outbox is neither filtered nor sorted by the error a server gave, which names the
address it refused: either would tell whom a hidden survey reminder was for."""

import smtplib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from evaluation.services import survey_answer
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import rows, signed_in_for_real
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
OUTBOX = reverse("admin:accounts_outboxmessage_changelist")
office = signed_in_for_real("coordinator")


def refuse(self, *args, **kwargs):
    raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"5.1.1 No such user")})


@pytest.fixture
def refused(cast, monkeypatch, django_capture_on_commit_callbacks):
    """The survey's opening reminders (to those who have not answered), each refused by the
    mail server naming its address; Omar had answered already so was not reminded."""
    survey = SurveyFactory(
        programme=cast.programme,
        title="Pilot evaluation",
        opens_at=datetime(2027, 6, 7, 0, 0, tzinfo=LONDON),
        closes_at=datetime(2027, 6, 21, 17, 0, tzinfo=LONDON),
    )
    question = QuestionFactory(survey=survey)
    with time_machine.travel(datetime(2027, 6, 7, 7, 0, tzinfo=LONDON), tick=False):
        survey_answer(survey=survey, person=cast.other_mentor, answers={question.pk: 4})
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with (
        time_machine.travel(datetime(2027, 6, 7, 8, 0, tzinfo=LONDON), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_dispatch()
        outbox_sweep()
    failed = OutboxMessage.objects.filter(kind__contains="survey_open")
    assert {m.status for m in failed} == {OutboxStatus.FAILED}
    # Other emails that failed, whose addresses the office may see.
    for to in ("lee@example.org", "nia@example.org"):
        OutboxMessage.objects.create(
            kind="mentoring/email/application_accepted",
            to=to,
            subject="You are a reverse mentor",
            status=OutboxStatus.FAILED,
            attempts=1,
            last_error=f"SMTPRecipientsRefused: {{'{to}': (550, b'5.1.1 No such user')}}",
        )
    return failed


def survey_rows(page):
    return [row for row in rows(page) if row["email_kind"] == "Reminder: survey open"]


def test_the_outbox_filtered_by_its_error_text_does_not_say_whom_a_survey_reminded(office, refused):
    """`?last_error__icontains=<address>` is a lookup on the row's own field, which Django
    allows: the list then shows the one survey reminder to that address, so the office
    learns Maya had not answered (the list refuses `?to=` for exactly this reason)."""
    pages = {
        who: office.get(OUTBOX + f"?last_error__icontains={who}@example.org", follow=True)
        for who in ("maya", "omar")
    }
    assert pages["maya"].status_code == 200
    shown = {who: len(survey_rows(page)) for who, page in pages.items()}
    # Maya's address picks out her reminder (she has not answered), Omar's none (he has):
    # what the list shows must not depend on whose address was typed.
    assert shown["maya"] == shown["omar"], f"survey reminders shown by address: {shown}"


def test_the_outbox_is_not_sorted_by_the_error_that_names_the_address(office, refused):
    """Sorting by "last error" puts each survey reminder among the other failed emails in
    the order of the address the error names: where it falls tells whose it is."""
    page = office.get(OUTBOX).content.decode()
    assert "sortable column-last_error_shown" not in page
