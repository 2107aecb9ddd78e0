"""The navigation offers "Surveys" only where the page lists a survey: one open with no
question yet (the office still writing it) is neither listed nor announced, so it gives no
link to a page saying no survey asks you (`evaluation.selectors.asked_by_a_survey`)."""

import pytest

from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_no_surveys_link_leads_to_a_page_saying_no_survey_asks_them(client, cast):
    """The office has set up a survey open now, with no question yet: README says it is
    neither listed nor on the dashboard, and nobody is emailed about it. Maya's navigation
    should not then offer "Surveys" to a page that says no survey asks her."""
    SurveyFactory(programme=cast.programme, title="Being written")
    client.force_login(cast.mentor)

    page = client.get("/surveys/").content.decode()
    assert "No survey asks you for your views at the moment" in page
    nav = client.get("/dashboard/").content.decode()
    assert 'href="/surveys/"' not in nav


def test_the_link_comes_with_the_first_question(client, cast):
    survey = SurveyFactory(programme=cast.programme, title="Being written")
    QuestionFactory(survey=survey)
    client.force_login(cast.mentor)

    assert 'href="/surveys/"' in client.get("/dashboard/").content.decode()
    assert "Being written" in client.get("/surveys/").content.decode()
