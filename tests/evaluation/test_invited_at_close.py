"""Those invited to a survey, behind its response rate: today's audience while it is open, and
the audience it had when it closed once it has, so that a closed survey's figures stay as
they were whoever joins the programme later. The results page and the programme report
show the same figures."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from evaluation.audience import people_asked
from evaluation.models import Survey
from evaluation.services import survey_answer, surveys_count_invited, surveys_mark_asked
from mentoring.models import ApplicationStatus
from mentoring.services.decisions import application_decide
from mentoring.services.mentees import board_members_join
from tests.admin_pages import signed_in_for_real, words
from tests.factories import (
    BoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    close_survey,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def pilot_answered_by_one_on_each_side(cast) -> Survey:
    """Open to the cast's two mentors and two board members; Maya and Bola have answered."""
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation", min_group_size=3)
    question = QuestionFactory(survey=survey, text="My partner and I built trust.")
    for person in (cast.mentor, cast.board_member):
        survey_answer(survey=survey, person=person, answers={question.pk: 4})
    return survey


def closed_and_counted(survey: Survey) -> Survey:
    """The survey's closing time has passed and the periodic task has run."""
    close_survey(survey)
    assert surveys_count_invited() == 1
    return survey


def rates_on_results_page(office, survey) -> list[str]:
    """The response rate table's rows, as the office reads them."""
    page = office.get(reverse("admin:evaluation_survey_results", args=[survey.pk]))
    table = page.content.decode().split("<h2>Response rate</h2>")[1].split("</table>")[0]
    return [words(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def rates_on_report(office, survey) -> list[str]:
    page = office.get(reverse("programme_report", args=[survey.programme.slug])).content.decode()
    [part] = [
        part.split("</article>")[0]
        for part in page.split('<article class="report-survey">')[1:]
        if f"<h3>{survey.title}</h3>" in part
    ]
    table = part.split('<table class="report-rates">')[1].split("</table>")[0]
    return [words(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def a_board_member_joins(cast) -> None:
    """Invited to the programme, then signs up with the address the invitation went to."""
    BoardMemberFactory(programme=cast.programme, user=None, email="nadia@example.org")
    board_members_join(user=UserFactory(email="nadia@example.org"))


def a_mentor_is_accepted(cast) -> None:
    application = MentorApplicationFactory(programme=cast.programme)
    assert application_decide(
        application=application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )


# Why how many answered is not said where a group is withheld (fewer than 3 answered, or
# fewer than 3 did not).
NOT_SAID = (
    "Not shown: it is said only when at least 3 of those the survey asked when it opened have "
    "answered and at least 3 have not, so that the response rate never tells whether someone "
    "answered."
)


def everyone_asked(invited: int, dash: str = "-") -> list[str]:
    """The one rate for everyone asked, how many answered not said (the report's dash is
    long)."""
    return [f"Everyone asked {invited} {NOT_SAID} {dash}"]


# Two people on each side, fewer than the minimum (3): one rate, for everyone asked.
BEFORE = everyone_asked(4)


def test_a_closed_survey_keeps_its_invited_and_rate_after_a_board_member_joins(office, cast):
    survey = closed_and_counted(pilot_answered_by_one_on_each_side(cast))
    assert rates_on_results_page(office, survey) == BEFORE

    a_board_member_joins(cast)

    assert rates_on_results_page(office, survey) == BEFORE
    assert rates_on_report(office, survey) == everyone_asked(4, "—")


def test_a_closed_survey_keeps_its_invited_and_rate_after_a_mentor_is_accepted(office, cast):
    survey = closed_and_counted(pilot_answered_by_one_on_each_side(cast))

    a_mentor_is_accepted(cast)

    assert rates_on_results_page(office, survey) == BEFORE
    assert rates_on_report(office, survey) == everyone_asked(4, "—")


def test_an_open_survey_counts_today_s_audience(office, cast):
    """Today's people are those invited; the two sides, each fewer than the minimum when it
    opened, stay together (tests/evaluation/test_a_group_withheld_when_the_survey_opened_
    stays_withheld.py)."""
    survey = pilot_answered_by_one_on_each_side(cast)

    a_board_member_joins(cast)
    a_mentor_is_accepted(cast)

    assert rates_on_results_page(office, survey) == everyone_asked(6)
    assert rates_on_report(office, survey) == everyone_asked(6, "—")


def test_a_survey_reopened_by_a_later_closing_time_counts_again_when_it_closes(office, cast):
    # Only a survey that closed without asking anything opens again
    # (`Survey.reopening_refused`): its first question comes once it is open again.
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation", min_group_size=3)
    closed_and_counted(survey)
    survey.closes_at = timezone.now() + timedelta(minutes=5)
    survey.full_clean()
    survey.save()
    QuestionFactory(survey=survey, text="My partner and I built trust.")
    surveys_mark_asked()  # beat: it asks now

    a_board_member_joins(cast)

    assert surveys_count_invited() == 0  # open again: nothing to count
    survey.refresh_from_db()
    reopened = everyone_asked(5)  # two mentors: fewer than the minimum
    assert rates_on_results_page(office, survey) == reopened
    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        assert surveys_count_invited() == 1  # closed again, and counted again
        a_mentor_is_accepted(cast)
        assert rates_on_results_page(office, survey) == reopened


def test_a_survey_is_counted_once_after_it_closes(cast):
    survey = closed_and_counted(pilot_answered_by_one_on_each_side(cast))
    counted_at = Survey.objects.get(pk=survey.pk).invited_counted_at

    a_board_member_joins(cast)

    assert surveys_count_invited() == 0
    survey.refresh_from_db()
    assert survey.invited_counted_at == counted_at
    assert (survey.invited_mentors, survey.invited_board_members) == (2, 2)


def test_a_survey_that_has_not_closed_is_not_counted(cast):
    survey = pilot_answered_by_one_on_each_side(cast)

    assert surveys_count_invited() == 0
    survey.refresh_from_db()
    assert survey.invited_counted_at is None


def test_beat_counts_closed_surveys_every_minute():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "evaluation.tasks.surveys_count_invited"
    ]

    assert entry["schedule"] == timedelta(minutes=1)


def test_a_mentor_who_is_also_a_board_member_is_invited_once_as_a_mentor(cast):
    survey = SurveyFactory(programme=cast.programme)
    QuestionFactory(survey=survey)  # it asks: `close_survey` keeps that, as beat did
    both = MentorFactory(programme=cast.programme).applicant
    BoardMemberFactory(programme=cast.programme, user=both)

    roles = [role for person, role in people_asked([survey])[survey.pk] if person == both]

    assert roles == ["mentor"]  # the role in which they answer (audience.role_for)
    close_survey(survey)
    surveys_count_invited()
    survey.refresh_from_db()
    assert (survey.invited_mentors, survey.invited_board_members) == (3, 2)


def test_the_database_refuses_a_count_without_its_time(cast):
    survey = SurveyFactory(programme=cast.programme)

    with pytest.raises(IntegrityError, match="survey_invited_counted_together"):
        Survey.objects.filter(pk=survey.pk).update(invited_mentors=2, invited_board_members=2)
