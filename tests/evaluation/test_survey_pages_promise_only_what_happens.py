"""The survey pages promise only what will happen: no email when a survey opens in a
programme that sends none; a survey with no question yet is neither offered, said to wait,
nor announced; and written answers are said to be read word for word, without a name."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluation.forms import SurveyForm
from mentoring.models import ProgrammeStatus, Reminder
from mentoring.reminders import reminders_dispatch
from tests.cast import sign_in_as
from tests.factories import QuestionFactory, SurveyFactory, add_one_question_of_each_kind

pytestmark = pytest.mark.django_db


def _name(question) -> str:
    return SurveyForm.name_for(question)


def _url(survey) -> str:
    return reverse("survey_answer", args=[survey.pk])


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation", min_group_size=5)
    survey.asks = add_one_question_of_each_kind(survey)
    return survey


def test_a_survey_to_come_in_a_programme_closed_promises_no_email(client, cast):
    """A draft's survey is offered to nobody at all (test_a_survey_of_a_programme_being_
    prepared_is_offered_to_nobody)."""
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save(update_fields=["status", "recruitment_open"])
    now = timezone.now()
    survey = SurveyFactory(
        programme=cast.programme,
        title="Final evaluation",
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=17),
    )
    QuestionFactory(survey=survey)
    client.force_login(cast.mentor)

    page = client.get(_url(survey)).content.decode()
    listed = client.get(reverse("surveys")).content.decode()

    # Reminders go only to the people of an active programme (evaluation.reminders.unanswered),
    # as the office is told when it opens one ("nobody is emailed ... until the programme is
    # active"): the person must not wait for an email that will not come.
    assert "This survey is not open yet" in page
    assert "We will email you when it opens" not in page
    assert "Coming up" in listed
    assert "You will get an email when a survey opens" not in listed


def test_an_open_survey_with_no_questions_yet_is_not_said_to_wait(client, cast):
    survey = SurveyFactory(programme=cast.programme, title="Midpoint pulse")
    sign_in_as(client, cast, "mentor")

    form_page = client.get(_url(survey)).content.decode()
    dashboard = client.get(reverse("dashboard")).content.decode()
    listed = client.get(reverse("surveys")).content.decode()

    assert "still writing this survey's questions" in form_page
    # Neither the dashboard nor the list sends them to a page with nothing to answer.
    assert "waiting for your answers" not in dashboard
    assert f'href="{_url(survey)}"' not in listed


def test_nobody_is_emailed_to_answer_a_survey_with_no_questions(cast):
    now = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    survey = SurveyFactory(
        programme=cast.programme,
        title="Midpoint pulse",
        opens_at=now - timedelta(hours=2),
        closes_at=now + timedelta(days=14),
    )
    with time_machine.travel(now, tick=False):
        reminders_dispatch()
    # No "survey open" reminder (and so no email) for a survey with nothing to answer.
    assert not Reminder.objects.filter(kind__startswith="survey_", object_id=survey.pk).exists()

    # Once its questions are written, those it asks hear that it is open.
    QuestionFactory(survey=survey)
    with time_machine.travel(now + timedelta(minutes=5), tick=False):
        reminders_dispatch()
    assert Reminder.objects.filter(kind="survey_open", object_id=survey.pk).count() == 4


def test_a_free_text_question_says_the_office_reads_what_is_written_word_for_word(
    client, cast, survey
):
    """The office reads every written answer as it was written (once enough people wrote
    one). Someone writing about race and power at work must know that before they write a
    detail that would give them away; the thank-you page must not say the office never sees
    anyone's answers on their own."""
    text = survey.asks["text"]
    client.force_login(cast.mentor)

    html = client.get(_url(survey)).content.decode()
    help_text = re.search(
        rf'<div id="id_{_name(text)}_helptext"[^>]*>(.*?)</div>', html, re.S
    ).group(1)
    assert "word for word" in help_text
    assert "identify you" in help_text

    from evaluation.services import survey_answer

    survey_answer(
        survey=survey,
        person=cast.mentor,
        answers={
            survey.asks["likert"].pk: 4,
            survey.asks["single"].pk: 0,
            survey.asks["multiple"].pk: [0],
            survey.asks["scale"].pk: 9,
            text.pk: "My manager in the estates team…",
        },
    )
    thanks = client.get(_url(survey)).content.decode()
    assert "Thank you for answering" in thanks
    assert "never anyone's answers on their own" not in thanks
