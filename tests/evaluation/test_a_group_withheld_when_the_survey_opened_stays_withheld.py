"""Which groups a survey's response rates show apart is decided from those it asked when it
opened (`Survey.invited_at_opening`), not only from today's people. It was decided from
today's: the pilot's two board members, withheld as "fewer than 3", both answered; the office
added a third board member, who had not, and the rates read "Board members: 3 asked, 2
answered", telling it that both who were asked before had answered. A group withheld at
opening now stays withheld for the survey's life, open or closed."""

import pytest
from django.urls import reverse

from evaluation.models import Survey
from evaluation.services import survey_answer, surveys_mark_asked
from tests.admin_pages import signed_in_for_real, words
from tests.factories import (
    BoardMemberFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
    close_survey,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.fixture
def pilot(cast) -> Survey:
    """Open since yesterday to the cast's mentors, with a third one (three: as many as the
    minimum), and its two board members (fewer), marked as asking as beat marks it."""
    MentorFactory(programme=cast.programme, applicant__full_name="Tomi Third")
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation", min_group_size=3)
    QuestionFactory(survey=survey, text="My partner and I built trust.")
    surveys_mark_asked()  # beat, within a minute of its opening
    return survey


def both_board_members_answer(cast, survey):
    question = survey.questions.get()
    for person in (cast.board_member, cast.other_board_member):
        survey_answer(survey=survey, person=person, answers={question.pk: 4})


def rates_said(office, survey) -> str:
    page = office.get(reverse("admin:evaluation_survey_results", args=[survey.pk]))
    said = words(page.content.decode())
    return said.split("Who was asked, and how many answered", 1)[1].split("Questions", 1)[0]


def test_a_board_member_added_while_it_is_open_does_not_bring_the_board_members_out(
    office, cast, pilot
):
    both_board_members_answer(cast, pilot)
    before = rates_said(office, pilot)

    BoardMemberFactory(programme=cast.programme, user__full_name="Newly Joined")
    after = rates_said(office, pilot)

    assert "Board members" not in before
    assert "Board members" not in after
    assert "Everyone asked 6 Not shown" in after
    assert "67%" not in after


def test_nor_once_it_has_closed(office, cast, pilot):
    both_board_members_answer(cast, pilot)
    BoardMemberFactory(programme=cast.programme, user__full_name="Newly Joined")
    close_survey(pilot)

    said = rates_said(office, pilot)

    assert "Board members" not in said
    assert "Everyone asked 6 Not shown" in said


def test_groups_that_reached_the_minimum_when_it_opened_are_shown_apart(office, cast):
    BoardMemberFactory(programme=cast.programme, user__full_name="Third Board")
    MentorFactory(programme=cast.programme, applicant__full_name="Tomi Third")
    survey = SurveyFactory(programme=cast.programme, min_group_size=3)
    question = QuestionFactory(survey=survey)
    survey_answer(survey=survey, person=cast.mentor, answers={question.pk: 5})  # marks it asked

    said = rates_said(office, survey)

    assert "Mentors 3 1 33%" in said
    assert "Board members 3 0 0%" in said


def test_whom_it_asked_at_opening_is_counted_once(cast, pilot):
    BoardMemberFactory(programme=cast.programme, user__full_name="Newly Joined")
    assert surveys_mark_asked() == 0

    pilot.refresh_from_db()
    assert pilot.invited_at_opening == {"mentor": 3, "board_member": 2}


def test_a_survey_asking_before_its_opening_was_kept_is_counted_from_todays_people(cast, pilot):
    """Open before these counts were kept (its `asked_at` kept, no count): beat counts it the
    next time it runs, from today's people, and its rates follow that count from then on."""
    Survey.objects.filter(pk=pilot.pk).update(
        invited_mentors_at_opening=None, invited_board_members_at_opening=None
    )
    asked_at = Survey.objects.get(pk=pilot.pk).asked_at

    assert surveys_mark_asked() == 1

    pilot.refresh_from_db()
    assert pilot.invited_at_opening == {"mentor": 3, "board_member": 2}
    assert pilot.asked_at == asked_at
