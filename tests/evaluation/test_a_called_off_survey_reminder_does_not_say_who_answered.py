"""A survey reminder is called off when it is no longer needed for that person: they have
answered since it was written, or the survey no longer asks them. The office reads why a
reminder was not sent in the reminder and outbox lists, and who answered is nobody's
business: both reasons read the same, "No longer needed.", and neither says "answered"."""

import pytest
import time_machine
from django.urls import reverse

from accounts.outbox import outbox_sweep
from evaluation.services import survey_answer
from mentoring.models import ApplicationStatus, Reminder
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import rows, signed_in_for_real
from tests.closing_reminders import at, june_pilot
from tests.factories import MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.fixture
def called_off(cast, third_pair, django_capture_on_commit_callbacks):
    """The survey-open reminders are written on its opening day while the worker is busy;
    before they go, Maya answers and Omar withdraws from the programme. Each group it asks
    reaches its minimum (3) throughout, the third pair and Fola, a fourth mentor, with the
    cast: its results say how many answered in each, so its reminders go only to those who
    have not answered."""
    MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Fola Fourth", email="fola@example.org"),
    )
    survey = june_pilot(cast.programme, title="Pilot evaluation")
    question = survey.questions.get()
    with time_machine.travel(at(7, 8, 0), tick=False), django_capture_on_commit_callbacks():
        reminders_dispatch()
    with time_machine.travel(at(7, 8, 5), tick=False):
        survey_answer(survey=survey, person=cast.mentor, answers={question.pk: 4})
        application = cast.other_mentor.mentor_applications.get()
        application.status = ApplicationStatus.WITHDRAWN
        application.withdrawn_at = at(7, 8, 5)
        application.save()
    with (
        time_machine.travel(at(7, 8, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_sweep()
    return survey


PEOPLE = [
    "maya@example.org",
    "omar@example.org",
    "bola@example.org",
    "olive@example.org",
    "tariq@example.org",
    "thea@example.org",
    "fola@example.org",
]
SENT = ["Sent"] * 5


def test_the_reminder_list_says_no_longer_needed_whether_they_answered_or_left(
    office, cast, called_off
):
    page = office.get(reverse("admin:mentoring_reminder_changelist") + "?kind=survey_open")

    shown = rows(page)
    # Maya answered, Omar withdrew: the same words; and whom each went to is not shown, as
    # it would say who had not answered.
    assert sorted(row["outcome"] for row in shown) == [
        "Not sent: No longer needed.",
        "Not sent: No longer needed.",
        *SENT,
    ]
    assert {row["addressed_to"] for row in shown} == {"Not shown for survey reminders"}
    content = page.content.decode()
    assert "answered" not in content
    assert not [person for person in PEOPLE if person in content]


def test_the_outbox_list_says_the_same(office, cast, called_off):
    page = office.get(reverse("admin:accounts_outboxmessage_changelist"))

    survey_reminders = [row for row in rows(page) if row["email_kind"] == "Reminder: survey open"]
    assert sorted(row["state"] for row in survey_reminders) == [
        "Not sent: No longer needed.",
        "Not sent: No longer needed.",
        *SENT,
    ]
    assert {row["addressed_to"] for row in survey_reminders} == {"Not shown for survey reminders"}
    assert "answered" not in page.content.decode()


def test_nobody_is_found_by_name_or_address_among_a_surveys_reminders(office, cast, called_off):
    """Searching an address (or a name) lists that person's other emails, never whether a
    survey reminded them; nor does a reminder's own page name them."""
    outbox = reverse("admin:accounts_outboxmessage_changelist")
    reminders = reverse("admin:mentoring_reminder_changelist")

    assert rows(office.get(outbox + "?q=maya%40example.org")) == []
    assert rows(office.get(reminders + "?q=Maya")) == []
    reminder = Reminder.objects.filter(kind="survey_open", to="maya@example.org").get()
    for page in (
        office.get(reverse("admin:mentoring_reminder_change", args=[reminder.pk])),
        office.get(reverse("admin:accounts_outboxmessage_change", args=[reminder.message_id])),
    ):
        assert page.status_code == 200
        content = page.content.decode()
        assert "Not shown for survey reminders" in content
        assert "maya@example.org" not in content
        assert "Maya Mentor" not in content


def test_the_call_off_still_stops_the_email(cast, called_off, mailoutbox):
    reminders = Reminder.objects.filter(kind="survey_open")
    sent = sorted(address for mail in mailoutbox if "Pilot" in mail.subject for address in mail.to)

    assert reminders.count() == 7
    assert sent == [
        "bola@example.org",
        "fola@example.org",
        "olive@example.org",
        "tariq@example.org",
        "thea@example.org",
    ]
