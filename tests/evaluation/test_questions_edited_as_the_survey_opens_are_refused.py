"""Questions cannot change once the survey has opened with them, whether or not anyone has
answered: a change page that locked with the first answer told the office, of a survey asking
one or two people, who had. The office's save reads that under the survey's lock, the lock
an answer takes: an answer sent as the survey opens while a question is being changed waits
for the save, and then answers the question as it now is. A free-text answer left under an
agree/disagree question would otherwise make every opening of the answers fail, and with it
the results page, the CSV, the report and the scheduled job, for good."""

import time
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

import evaluation.admin.surveys as survey_admin
from evaluation.models import Question, Survey
from evaluation.results import survey_results
from evaluation.services import SurveyError, questions_seen, survey_answer, surveys_mark_asked
from tests.admin_pages import change_url, messages_shown, signed_in_for_real, words
from tests.concurrency import needs_postgresql, started, waits_for_a_lock_or_ends
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory
from tests.surveys import answer, coming_survey, form_data, pilot_survey

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")
OPENED_MEANWHILE = (
    "The survey opened with its questions while you were editing it: its questions, whom it "
    "asks and its minimum group size stay as they were, and any change to them was not "
    "saved. Copy the survey to ask different questions."
)


def to_agree_or_disagree(survey) -> dict:
    """The change form, "What should we change?" turned from free text to agree/disagree."""
    data = form_data(survey)
    data["questions-2-kind"] = "likert"
    return data


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_answer_sent_as_the_survey_opens_while_the_office_changes_a_question_waits(office, cast):
    opens_at = timezone.now() + timedelta(seconds=2)
    survey = pilot_survey(cast, opens_at=opens_at, closes_at=opens_at + timedelta(days=14))
    real_save_related = survey_admin.SurveyAdmin.save_related
    answering = {}

    def save_related(self, request, form, formsets, change):
        # Every check of the save has run (the survey had not opened); it opens now, and
        # Maya sends her answers before the questions are saved.
        time.sleep(max(0, (opens_at - timezone.now()).total_seconds()) + 0.1)
        thread, outcome = started(lambda: answer(survey, cast.mentor, "More time together."))
        waits_for_a_lock_or_ends(thread)
        answering.update(thread=thread, outcome=outcome)
        return real_save_related(self, request, form, formsets, change)

    with mock.patch.object(survey_admin.SurveyAdmin, "save_related", save_related):
        assert office.post(change_url(survey), to_agree_or_disagree(survey)).status_code == 302
    answering["thread"].join(30)

    assert survey.questions.get(position=2).kind == "likert"
    # Her free text does not answer the question as it now is: she is asked again.
    assert isinstance(answering["outcome"].get("error"), SurveyError), answering["outcome"]
    assert not survey.has_answers()
    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        survey_results(survey)  # opens, and reads, without fail


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_answer_given_under_one_minimum_is_not_recorded_under_a_lower_one(office, cast):
    """The office's save, read as "not asked yet" under the survey's lock just before it
    opens, lowers the minimum group size from 5 to 3. The survey opens while that save runs:
    Maya's page, read meanwhile, tells her results are shown only for groups of at least 5,
    and she sends her answers. They wait for the lock; then they are refused, and she is
    shown the survey as it now is, rather than recorded under a minimum of 3."""
    opens_at = timezone.now() + timedelta(seconds=2)
    survey = SurveyFactory(
        programme=cast.programme,
        title="Autumn pulse",
        audience="mentors",
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=14),
        min_group_size=5,
    )
    question = QuestionFactory(survey=survey, kind="text", text="What should we change?")
    real_save_related = survey_admin.SurveyAdmin.save_related
    answering = {}

    def send_answer():
        shown_to_her = Survey.objects.get(pk=survey.pk)  # as her page reads it now
        assert shown_to_her.min_group_size == 5
        seen = questions_seen(shown_to_her, list(shown_to_her.questions.all()))
        return survey_answer(
            survey=shown_to_her,
            person=cast.mentor,
            answers={question.pk: "Longer meetings."},
            seen=seen,
        )

    def save_related(self, request, form, formsets, change):
        time.sleep(max(0, (opens_at - timezone.now()).total_seconds()) + 0.1)
        thread, outcome = started(send_answer)
        waits_for_a_lock_or_ends(thread)
        answering.update(thread=thread, outcome=outcome)
        return real_save_related(self, request, form, formsets, change)

    with mock.patch.object(survey_admin.SurveyAdmin, "save_related", save_related):
        response = office.post(change_url(survey), form_data(survey, min_group_size=3))
    assert response.status_code == 302
    answering["thread"].join(30)

    survey.refresh_from_db()
    assert survey.min_group_size == 3
    assert isinstance(answering["outcome"].get("error"), SurveyError), answering["outcome"]
    assert not survey.has_answers()


def test_beat_keeps_that_an_open_survey_asked_so_its_closing_does_not_unlock_it(cast):
    """Asking now, it is locked by its dates; beat keeps that it asked, so once it closes (or
    its dates move), with nobody's answer, it stays locked. One still to come, or with no
    question, is not marked."""
    asking = pilot_survey(cast)
    no_question = SurveyFactory(programme=cast.programme)
    coming = coming_survey(cast)

    assert surveys_mark_asked() == 1
    Survey.objects.filter(pk=asking.pk).update(closes_at=timezone.now())

    assert [s.has_asked() for s in (asking, no_question, coming)] == [True, False, False]
    assert surveys_mark_asked() == 0  # kept once


def test_a_question_changed_on_a_page_shown_before_the_survey_opened_is_refused_and_said(
    office, cast
):
    opens_at = timezone.now() + timedelta(minutes=1)
    survey = pilot_survey(cast, opens_at=opens_at, closes_at=opens_at + timedelta(days=14))
    data = to_agree_or_disagree(survey)  # the page, as shown before it opened

    with time_machine.travel(survey.opens_at + timedelta(minutes=1)):
        response = office.post(change_url(survey), data, follow=True)

    assert OPENED_MEANWHILE in messages_shown(response)
    assert survey.questions.get(position=2).kind == "text"


def test_a_question_saved_before_the_survey_opens_says_nothing_of_it(office, cast):
    survey = coming_survey(cast)

    response = office.post(change_url(survey), to_agree_or_disagree(survey), follow=True)

    assert OPENED_MEANWHILE not in messages_shown(response)
    assert survey.questions.get(position=2).kind == "likert"


def test_an_open_surveys_page_reads_the_same_whether_or_not_anyone_answered(office, cast):
    """Two surveys asking the cast's two board members, with a minimum of 3; Bola answered
    one. Before, that one's page said "Someone has answered" and locked its questions, the
    other's stayed editable: the office could tell that Bola or Olive had answered, and
    when. Both now read word for word the same, and neither takes a change."""
    surveys = []
    for _ in "ab":
        survey = SurveyFactory(
            programme=cast.programme,
            title="Board pulse",
            audience="board_members",
            min_group_size=3,
        )
        QuestionFactory(survey=survey, position=0, text="My mentor helped me see things anew.")
        surveys.append(survey)
    answered, unanswered = surveys
    question = answered.questions.get()
    survey_answer(survey=answered, person=cast.board_member, answers={question.pk: 4})

    pages = [words(office.get(change_url(survey)).content.decode()) for survey in surveys]

    assert pages[0] == pages[1]
    assert 'name="questions-0-text"' not in office.get(change_url(unanswered)).content.decode()


def test_an_answer_that_no_longer_fits_its_question_is_left_out_and_the_rest_open(cast):
    """A safety net only: the lock keeps a question from changing under an answer."""
    survey = pilot_survey(cast, min_group_size=3)
    people = [cast.mentor, *(MentorFactory(programme=cast.programme).applicant for _ in "ab")]
    for person in people:
        answer(survey, person, "More time together.")
    Question.objects.filter(survey=survey, position=2).update(kind="likert")

    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        trust, _meetings, change = survey_results(survey).questions

    assert trust.answered == 3
    assert change.answered == 0
