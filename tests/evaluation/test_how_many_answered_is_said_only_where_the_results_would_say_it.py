"""How many answered a survey asked of fewer people than its minimum could say who did: the
results page withholds it, and so do the survey list (which counts nobody's answers), the
delete confirmation and the confirmation of closing it. Asked of enough, closing says it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.services import survey_answer
from tests.admin_pages import as_a_browser_posts, change_url, rows, signed_in_for_real, words
from tests.factories import BoardMemberFactory, QuestionFactory, SurveyFactory, close_survey

pytestmark = pytest.mark.django_db

SURVEYS = reverse("admin:evaluation_survey_changelist")
office = signed_in_for_real("coordinator")
superuser_office = signed_in_for_real("superuser")


def board_survey(cast):
    """For board members only (the cast has two), so with a minimum of 3 too few are asked."""
    survey = SurveyFactory(
        programme=cast.programme, title="Board pulse", audience="board_members", min_group_size=3
    )
    QuestionFactory(survey=survey, position=0, text="My mentor helped me see things anew.")
    return survey


def both_board_members_answer(cast, survey):
    question = survey.questions.get()
    for person in (cast.board_member, cast.other_board_member):
        survey_answer(survey=survey, person=person, answers={question.pk: 4})


def closing_page(office, survey):
    data = as_a_browser_posts(office.get(change_url(survey)))
    data["closes_at"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    data["_save"] = "Save"
    page = office.post(change_url(survey), data)
    assert "Close “Board pulse” now?" in words(page.content.decode())
    return words(page.content.decode())


def test_the_survey_list_counts_nobodys_answers(office, cast):
    survey = board_survey(cast)
    both_board_members_answer(cast, survey)
    close_survey(survey)

    results = office.get(reverse("admin:evaluation_survey_results", args=[survey.pk]))
    assert "Not shown: it is said only when at least 3" in results.content.decode()
    [row] = rows(office.get(SURVEYS))
    assert "responses" not in row
    assert "2" not in row.values()


def test_the_delete_confirmation_counts_the_questions_not_the_answers(superuser_office, cast):
    survey = board_survey(cast)
    both_board_members_answer(cast, survey)
    close_survey(survey)

    page = superuser_office.get(reverse("admin:evaluation_survey_delete", args=[survey.pk]))

    said = words(page.content.decode())
    assert "Board pulse, with its questions and every answer given to it" in said
    assert "Questions: 1" in said
    for counted in ("Participations", "Sealed", "Responses", "Answers"):
        assert f"{counted}" not in said.split("Summary", 1)[-1].split("Objects", 1)[0]


def test_closing_a_survey_asked_of_too_few_does_not_say_how_many_answered(office, cast):
    survey = board_survey(cast)
    both_board_members_answer(cast, survey)

    said = closing_page(office, survey)

    assert "2 have answered" not in said
    assert (
        "how many have answered is not said: it is said only when at least 3 of those the "
        "survey asked when it opened have answered and at least 3 have not"
    ) in said


def test_closing_a_survey_asked_of_enough_says_how_many_answered(office, cast):
    BoardMemberFactory(programme=cast.programme)  # a third board member asked
    survey = board_survey(cast)
    both_board_members_answer(cast, survey)

    assert "2 have answered" in closing_page(office, survey)
