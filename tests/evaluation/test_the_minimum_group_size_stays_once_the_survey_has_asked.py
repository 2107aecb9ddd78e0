"""A survey's minimum group size is what people answer under: once the survey has opened with
its questions it is read-only (whether or not anyone has answered yet), so it cannot be
lowered afterwards to show a group that was withheld. Before that, the office edits it
freely; the form says when it stops."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.services import survey_answer
from tests.admin_pages import as_a_browser_posts, change_url, signed_in_for_real, words
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory, close_survey

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
SAYS_SO = (
    "It cannot change once the survey has opened with its questions, as people answer under it."
)


def pilot(cast, opens_in_days=-5):
    survey = SurveyFactory(
        programme=cast.programme,
        title="Spring pilot evaluation",
        audience="mentors",
        opens_at=timezone.now() + timedelta(days=opens_in_days),
        min_group_size=5,
    )
    QuestionFactory(survey=survey, text="What should we change?", kind="text")
    return survey


def three_mentors_answer(cast, survey):
    question = survey.questions.get()
    people = [cast.mentor, cast.other_mentor, MentorFactory(programme=cast.programme).applicant]
    for person in people:
        survey_answer(survey=survey, person=person, answers={question.pk: "A shared agenda."})


def test_before_it_opens_the_office_can_lower_it_and_is_told_when_it_stops(office, cast):
    survey = pilot(cast, opens_in_days=3)
    url = change_url(survey)
    page = office.get(url)
    assert SAYS_SO in words(page.content.decode())

    response = office.post(url, {**as_a_browser_posts(page), "min_group_size": "3"})

    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.min_group_size == 3


@pytest.mark.parametrize("answered", [True, False], ids=["answered", "nobody-answered"])
def test_once_the_survey_has_opened_it_is_read_only_and_says_why(office, cast, answered):
    survey = pilot(cast)
    if answered:
        three_mentors_answer(cast, survey)

    content = office.get(change_url(survey)).content.decode()

    assert 'name="min_group_size"' not in content
    row = words(content.split("field-min_group_size", 1)[1].split("</fieldset>", 1)[0])
    assert "5" in row
    assert SAYS_SO in row


def test_a_forged_post_lowering_it_after_answers_changes_nothing_and_shows_nothing(office, cast):
    survey = pilot(cast)
    three_mentors_answer(cast, survey)
    url = change_url(survey)
    typed = {**as_a_browser_posts(office.get(url)), "min_group_size": "3"}

    office.post(url, typed)

    survey.refresh_from_db()
    assert survey.min_group_size == 5
    close_survey(survey)
    results = office.get(reverse("admin:evaluation_survey_results", args=[survey.pk]))
    assert "A shared agenda." not in results.content.decode()  # three is fewer than five
