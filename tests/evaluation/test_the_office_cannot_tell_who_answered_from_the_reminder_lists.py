"""The reminder log and the outbox hide whom a survey reminder went to (who was reminded
is who had not answered). Their lists are not filtered by address or person either
(`?to=`, `?recipient=`, which Django allows on a row's own fields), nor sorted by address:
the rows left, or where a hidden row falls among addresses in order, would tell whose it is
(accounts.admin_base.RecipientShownAdminMixin)."""

import pytest
import time_machine
from django.urls import reverse

from accounts.models import OutboxMessage
from accounts.outbox import outbox_sweep
from evaluation.audience import people_asked
from evaluation.services import survey_answer
from mentoring.models import Reminder
from mentoring.models.reminders import reminder_email_kind
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import messages_shown, rows, signed_in_for_real
from tests.closing_reminders import at, june_pilot, reminded_to_close
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")
REMINDERS = reverse("admin:mentoring_reminder_changelist")
OUTBOX = reverse("admin:accounts_outboxmessage_changelist")


@pytest.fixture
def closing(cast, third_pair, django_capture_on_commit_callbacks):
    """Maya answers early; three days before closing the others are reminded, she is not (the
    survey asks three mentors and three board members, each group as many as its minimum
    group size: its results say how many answered in each)."""
    survey = june_pilot(cast.programme)
    reminded_to_close(survey, [cast.mentor], django_capture_on_commit_callbacks)
    return survey


@pytest.mark.parametrize(
    "query",
    [
        "?kind=survey_closing&to=maya%40example.org",
        "?kind=survey_closing&to__iexact=MAYA%40example.org",
        "?kind=survey_closing&recipient={mentor}",
        "?kind=survey_closing&recipient__id__exact={mentor}",
        "?kind=survey_closing&recipient_id={mentor}",
        "?kind=survey_closing&recipient_id__in={mentor}",
        "?kind=survey_closing&recipient__email=maya%40example.org",
    ],
)
def test_the_reminder_log_is_not_filtered_by_whom_a_reminder_is_to(office, cast, closing, query):
    everyone = rows(office.get(REMINDERS))

    response = office.get(REMINDERS + query.format(mentor=cast.mentor.pk))

    assert response.status_code == 302
    assert response.url == f"{REMINDERS}?e=1"  # Django's answer to a lookup refused: all rows
    page = office.get(response.url)
    assert messages_shown(page) == [
        "Reminders are not listed by whom they are to, so that no list tells who answered a "
        "survey. All are shown."
    ]
    assert rows(page) == everyone


def test_the_lists_refuse_such_a_filter_even_if_asked_past_their_message(office, cast, closing):
    """Django's own refusal stays behind the message, for a lookup that reaches it."""
    model_admin = office.get(REMINDERS).context["cl"].model_admin

    assert not model_admin.lookup_allowed("recipient_id", str(cast.mentor.pk), None)
    assert not model_admin.lookup_allowed("to__iexact", "maya@example.org", None)
    assert model_admin.lookup_allowed("kind", "survey_closing", None)


@pytest.mark.parametrize(
    "query", ["&to=maya%40example.org", "&recipient={mentor}", "&recipient_id={mentor}"]
)
def test_the_outbox_is_not_filtered_by_whom_an_email_is_to(office, cast, closing, query):
    kind = "?kind__exact=reminder%3A+survey_closing"
    assert len(rows(office.get(OUTBOX + kind))) == 5  # the five who had not answered

    response = office.get(OUTBOX + kind + query.format(mentor=cast.mentor.pk))

    assert response.status_code == 302
    assert response.url == f"{OUTBOX}?e=1"
    page = office.get(response.url)
    assert messages_shown(page) == [
        "Emails are not listed by whom they are to, so that no list tells who answered a "
        "survey. All are shown."
    ]
    assert len(rows(page)) == len(rows(office.get(OUTBOX)))


@pytest.fixture
def called_off(cast, third_pair, django_capture_on_commit_callbacks):
    """Everyone is told the survey opened; Maya answers before hers goes, so hers is called
    off ("No longer needed."): each group the survey asks reaches its minimum group size."""
    survey = june_pilot(cast.programme)
    question = survey.questions.get()
    with time_machine.travel(at(7, 8), tick=False), django_capture_on_commit_callbacks():
        reminders_dispatch()
    with time_machine.travel(at(7, 8, 5), tick=False):
        survey_answer(survey=survey, person=cast.mentor, answers={question.pk: 4})
    with (
        time_machine.travel(at(7, 8, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_sweep()
    return survey


@pytest.mark.parametrize("changelist", [REMINDERS, OUTBOX])
def test_no_list_sorts_by_whom_its_rows_are_to(office, called_off, changelist):
    page = office.get(changelist).content.decode()

    assert 'class="column-addressed_to"' in page
    assert "sortable column-addressed_to" not in page


def test_asking_to_sort_the_reminder_log_by_address_leaves_its_order(office, called_off):
    as_listed = [row["outcome"] for row in rows(office.get(REMINDERS + "?kind=survey_open"))]
    columns = list(rows(office.get(REMINDERS))[0])
    by_address = f"&o={columns.index('addressed_to')}"

    asked = [
        row["outcome"] for row in rows(office.get(REMINDERS + "?kind=survey_open" + by_address))
    ]

    assert asked == as_listed
    assert "Not sent: No longer needed." in asked


def test_where_a_hidden_row_falls_in_the_lists_does_not_follow_whom_it_is_to(
    office, cast, django_capture_on_commit_callbacks
):
    """A run writes a survey's reminders all at once, listed by when, then by id. Written in
    the order the people were read (the programme's mentors by application, then its board
    members), a row's place in the log, and its email's in the outbox, said whose it was: a
    reminder called off as its person answered named who had. Here twelve people are asked;
    written in that order by chance once in 12! runs."""
    for n in range(8):
        MentorFactory(programme=cast.programme, applicant=UserFactory(full_name=f"Mentor {n}"))
    survey = SurveyFactory(
        programme=cast.programme, title="Pilot", opens_at=at(7, 0), closes_at=at(21, 17)
    )
    QuestionFactory(survey=survey)
    read = [person.pk for person, _role in people_asked([survey])[survey.pk]]
    assert len(read) == 12

    with time_machine.travel(at(7, 8), tick=False), django_capture_on_commit_callbacks():
        reminders_dispatch()

    written = Reminder.objects.filter(kind="survey_open").order_by("pk")
    assert sorted(written.values_list("recipient_id", flat=True)) == sorted(read)
    assert list(written.values_list("recipient_id", flat=True)) != read
    emails = OutboxMessage.objects.filter(kind=reminder_email_kind("survey_open"))
    assert list(emails.order_by("pk").values_list("recipient_id", flat=True)) == list(
        written.values_list("recipient_id", flat=True)
    )
