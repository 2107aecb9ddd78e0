"""Where a group is withheld, the response rate is given for everyone asked; how many of them
answered is said only when at least the survey's minimum answered and at least as many did
not. It was said whenever at least the minimum were asked: "Everyone asked: 4, 4 answered,
100%" told the office that each of the two withheld board members had answered (and 0%, that
neither had). Withheld, it gives one reason whichever way it fell short, so that a withheld
count never means "all answered"; the results page, the programme report and the office's
confirmation of closing the survey say it alike. Someone asked since the survey opened counts
neither way: the office may know whether they answered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.services import survey_answer
from tests.admin_pages import as_a_browser_posts, change_url, signed_in_for_real, words
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory, close_survey

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
REASON = (
    "Not shown: it is said only when at least 3 of those the survey asked when it opened have "
    "answered and at least 3 have not, so that the response rate never tells whether someone "
    "answered."
)


def pilot(cast, more_mentors=0):
    """Open since yesterday to the cast's two mentors, `more_mentors` more, and its two board
    members (fewer than the minimum of 3, so never shown apart)."""
    for n in range(more_mentors):
        MentorFactory(programme=cast.programme, applicant__full_name=f"Mentor {n}")
    survey = SurveyFactory(programme=cast.programme, title="Pilot", min_group_size=3)
    QuestionFactory(survey=survey, text="My partner and I built trust.")
    return survey


def answered_by(survey, *people):
    question = survey.questions.get()
    for person in people:
        survey_answer(survey=survey, person=person, answers={question.pk: 4})


def mentors_of(cast):
    return [cast.mentor, cast.other_mentor]


def board_members_of(cast):
    return [cast.board_member, cast.other_board_member]


def rates_said(office, survey) -> str:
    page = office.get(reverse("admin:evaluation_survey_results", args=[survey.pk]))
    said = words(page.content.decode())
    return said.split("Who was asked, and how many answered", 1)[1].split("Questions", 1)[0]


@pytest.mark.parametrize("answering", ["nobody", "the board members", "everyone"])
def test_four_asked_never_says_how_many_answered_and_gives_one_reason(office, cast, answering):
    survey = pilot(cast)
    answered_by(
        survey,
        *{
            "nobody": [],
            "the board members": board_members_of(cast),
            "everyone": mentors_of(cast) + board_members_of(cast),
        }[answering],
    )

    said = rates_said(office, survey)

    assert said.strip() == f"Audience Invited Answered Response rate Everyone asked 4 {REASON} -"


def test_nor_once_it_has_closed(office, cast):
    survey = pilot(cast)
    answered_by(survey, *mentors_of(cast), *board_members_of(cast))
    close_survey(survey)

    said = rates_said(office, survey)

    assert f"Everyone asked 4 {REASON}" in said
    assert "100%" not in said


def test_enough_who_answered_and_enough_who_did_not_are_said(office, cast):
    survey = pilot(cast, more_mentors=3)  # five mentors, two board members
    answered_by(survey, cast.mentor, *board_members_of(cast))

    assert "Everyone asked 7 3 43%" in rates_said(office, survey)


def test_someone_asked_since_it_opened_counts_neither_way(office, cast):
    survey = pilot(cast, more_mentors=2)  # four mentors, two board members
    answered_by(survey, cast.mentor, *board_members_of(cast))
    assert "Everyone asked 6 3 50%" in rates_said(office, survey)

    # The office adds a mentor it knows has not answered: "7 asked, 3 answered" would say
    # that of the six asked before, three had not, as "6, 3" never did for itself.
    MentorFactory(programme=cast.programme, applicant__full_name="Added Later")
    said = rates_said(office, survey)

    assert f"Everyone asked 7 {REASON}" in said
    assert "43%" not in said


def test_the_programme_report_withholds_it_alike(client, cast):
    survey = pilot(cast)
    answered_by(survey, *mentors_of(cast), *board_members_of(cast))
    client.force_login(cast.coordinator)

    page = client.get(reverse("programme_report", args=[cast.programme.slug])).content.decode()

    said = words(page)
    assert f"Everyone asked 4 {REASON}" in said
    assert "100%" not in said


def test_the_confirmation_of_closing_it_withholds_it_alike(office, cast):
    survey = pilot(cast)
    answered_by(survey, *mentors_of(cast), *board_members_of(cast))
    data = as_a_browser_posts(office.get(change_url(survey)))
    data["closes_at"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    data["_save"] = "Save"

    said = words(office.post(change_url(survey), data).content.decode())

    assert "Close “Pilot” now?" in said
    assert "4 have answered" not in said
    assert f"how many have answered is not said: {REASON.removeprefix('Not shown: ')[:-1]}" in said
