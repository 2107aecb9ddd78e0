"""A mentor answers the pilot evaluation in the browser: finds it from the navigation, leaves
a required question empty and is taken to the error with what they typed kept, checks their
answers, changes one, submits, and finds the survey under "Answered"; answers sent once the
survey has closed are shown back to copy. Every page is checked with axe, at desktop width
and on a 375 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Answer, Participation, Response
from evaluation.services import surveys_mark_asked
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    QuestionFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
    close_survey_and_open_ballots,
)

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "A second briefing halfway through, for both sides."
MISSING = "Answer “We built a relationship of trust.”"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}


def assert_accessible_on_desktop_and_phone(page) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_a_mentor_answers_a_survey_checks_the_answers_and_submits_once(page, cast):
    survey = SurveyFactory(
        programme=cast.programme,
        title="Pilot evaluation",
        introduction="This survey helps us decide how the programme continues.",
    )
    add_one_question_of_each_kind(survey)
    sign_in(page, cast.mentor.email, PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
    expect(page.get_by_role("heading", name="Open for you")).to_be_visible()
    assert_accessible_on_desktop_and_phone(page)

    page.get_by_role("link", name="Answer the survey “Pilot evaluation”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilot evaluation")
    expect(page.get_by_role("note")).to_contain_text("Your answers are anonymous")
    assert_accessible_on_desktop_and_phone(page)

    # Everything but the first question, which is needed.
    page.get_by_role("group", name="How many times did you meet?").get_by_label(
        "2 or 3 times"
    ).check()
    page.get_by_role("group", name="Which of these came out of it?").get_by_label(
        "A new contact"
    ).check()
    page.get_by_role("group", name="How likely are you to recommend the programme?").get_by_label(
        "9", exact=True
    ).check()
    page.get_by_label("What should we change?").fill(TYPED)
    # Enter on a radio button does not send the form (site.js): only the button does.
    page.get_by_label("9", exact=True).press("Enter")
    page.wait_for_timeout(500)
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Continue to check your answers").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=MISSING)).to_have_count(1)
    expect(summary).to_be_focused()
    expect(page.get_by_label("What should we change?")).to_have_value(TYPED)
    expect(page.get_by_label("9", exact=True)).to_be_checked()
    assert_accessible_on_desktop_and_phone(page)

    trust = page.get_by_role("group", name="We built a relationship of trust.")
    trust.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Continue to check your answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_text(TYPED)).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("after you submit, your answers cannot")
    assert_accessible_on_desktop_and_phone(page)

    # Back to the questions, everything kept; one answer changed.
    page.get_by_role("button", name="Change my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilot evaluation")
    expect(trust.get_by_label("Agree", exact=True)).to_be_checked()
    expect(page.get_by_label("What should we change?")).to_have_value(TYPED)
    trust.get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Continue to check your answers").click()
    expect(page.get_by_text("Strongly agree")).to_be_visible()
    assert not Participation.objects.exists()

    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for answering")
    expect(page.get_by_text("are in. They are anonymous")).to_be_visible()
    expect(page.get_by_role("status")).to_have_count(0)  # thanked once, by the page
    assert_accessible_on_desktop_and_phone(page)

    page.get_by_role("link", name="Back to your surveys").click()
    answered = page.get_by_role("region", name="Answered")
    expect(answered).to_contain_text("Pilot evaluation")
    expect(answered).to_contain_text("cannot be changed")
    expect(page.get_by_role("heading", name="Open for you")).to_have_count(0)
    assert_accessible_on_desktop_and_phone(page)

    assert Participation.objects.filter(survey=survey, person=cast.mentor).count() == 1
    # Sealed until the survey closes; then, opened with the others, as given.
    assert not Response.objects.filter(survey=survey).exists()
    close_survey_and_open_ballots(survey)
    response = Response.objects.get(survey=survey)
    assert Answer.objects.get(response=response, question__kind="likert").number == 5
    assert Answer.objects.get(response=response, question__kind="text").text == TYPED


def test_the_dashboard_says_the_survey_waits_until_it_is_answered(page, cast):
    survey = SurveyFactory(programme=cast.programme, title="Midpoint pulse")
    QuestionFactory(survey=survey, text="The meetings are worth the time.")
    sign_in(page, cast.mentor.email, PASSWORD)

    card = page.get_by_role("region", name="A survey is waiting for your answers")
    expect(card).to_contain_text("Midpoint pulse")
    assert_accessible_on_desktop_and_phone(page)

    card.get_by_role("link", name="Answer the survey “Midpoint pulse”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Midpoint pulse")
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Continue to check your answers").click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for answering")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("region", name="A survey is waiting for your answers")).to_have_count(0)
    assert Participation.objects.filter(survey=survey, person=cast.mentor).count() == 1


def test_answers_sent_after_the_survey_closed_are_shown_back_to_copy(page, cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    add_one_question_of_each_kind(survey)
    surveys_mark_asked()  # beat, while it was open
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(f"/surveys/{survey.pk}/")
    page.get_by_role("group", name="We built a relationship of trust.").get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_label("2 or 3 times").check()
    page.get_by_label("A new contact").check()
    page.get_by_label("9", exact=True).check()
    page.get_by_label("What should we change?").fill(TYPED)
    page.get_by_role("button", name="Continue to check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")

    # It closes while she reads them (after she joined: it still asked her).
    survey.closes_at = timezone.now() - timedelta(seconds=1)
    survey.save(update_fields=["closes_at"])
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers were not recorded")
    expect(page.get_by_role("alert")).to_contain_text("This survey closed before you submitted")
    expect(page.get_by_text(TYPED)).to_be_visible()
    expect(page.get_by_role("button", name="Submit my answers")).to_have_count(0)
    assert_accessible_on_desktop_and_phone(page)
    assert not Participation.objects.filter(survey=survey).exists()
