"""What is recorded is what the person checked: questions changed after the check page (an
option moved, say) are shown again with nothing recorded; and an optional one-choice answer
clicked by mistake can be taken back ("No answer")."""

import re

import pytest
from django.urls import reverse

from evaluation.forms import SurveyForm
from evaluation.models import Ballot, Participation, Question
from tests.factories import QuestionFactory, SurveyFactory, add_one_question_of_each_kind

pytestmark = pytest.mark.django_db


def _url(survey) -> str:
    return reverse("survey_answer", args=[survey.pk])


def _name(question) -> str:
    return SurveyForm.name_for(question)


def _hidden(html: str) -> list[tuple[str, str]]:
    """The hidden fields the check page carries to the confirming POST."""
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation", min_group_size=5)
    survey.asks = add_one_question_of_each_kind(survey)
    return survey


def test_an_option_reordered_after_the_check_page_is_not_recorded_as_the_other_option(
    client, cast, survey
):
    """Maya checks "How many times did you meet? Once" and submits; meanwhile (nobody had
    answered yet, so the office may) the options were put in the other order. Her "Once" must
    not be recorded as "4 or more": she is shown the questions again, nothing recorded."""
    asks = survey.asks
    client.force_login(cast.mentor)
    posted = {
        _name(asks["likert"]): "4",
        _name(asks["single"]): "0",  # "Once"
        _name(asks["multiple"]): ["0"],
        _name(asks["scale"]): "9",
        "action": "check",
    }
    check = client.post(_url(survey), posted)
    assert "Check your answers" in check.content.decode()
    carried = [(n, v) for n, v in _hidden(check.content.decode()) if n != "csrfmiddlewaretoken"]

    Question.objects.filter(pk=asks["single"].pk).update(
        choices=["4 or more", "2 or 3 times", "Once"]
    )
    data: dict = {}
    for name, value in carried:
        data.setdefault(name, []).append(value)
    response = client.post(_url(survey), {**data, "action": "submit"})

    recorded = [ballot.content["answers"] for ballot in Ballot.objects.filter(survey=survey)]
    assert recorded == [], f"recorded {recorded}: 'Once' stored as index 0, now '4 or more'"
    assert not Participation.objects.filter(survey=survey).exists()
    assert response.status_code == 200
    assert "questions have changed" in response.content.decode()


@pytest.mark.parametrize("kind", ["likert", "single", "scale"])
def test_an_optional_one_choice_answer_clicked_by_mistake_can_be_taken_back(client, cast, kind):
    """A radio button, once clicked, cannot be unclicked: an optional question asked with
    radios alone would record an answer the person chose not to give ("Change my answers"
    brings the same radios back, still chosen). So it offers "No answer" too."""
    survey = SurveyFactory(programme=cast.programme, title="Pulse")
    question = QuestionFactory(
        survey=survey,
        kind=kind,
        text="I would do it again.",
        choices=["Yes", "No"] if kind == "single" else [],
        required=False,
    )
    client.force_login(cast.mentor)

    html = client.get(_url(survey)).content.decode()
    radios = re.findall(rf'<input type="radio"[^>]*name="{_name(question)}"[^>]*>', html)
    assert any('value=""' in radio for radio in radios), "no way to leave it unanswered"
    # Nothing is answered for them: if any radio starts chosen, it is "No answer".
    assert all('value=""' in radio for radio in radios if " checked" in radio)

    check = client.post(_url(survey), {_name(question): "", "action": "check"})
    assert "Check your answers" in check.content.decode()
    assert "Not answered" in check.content.decode()
