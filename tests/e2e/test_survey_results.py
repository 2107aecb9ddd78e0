"""In the browser: the programme office opens a survey's results. After one answer every
question is withheld, with the reason said once above them; after five, each is shown as a
chart with a table of the same numbers beside it. axe finds nothing on either page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Survey
from evaluation.services import survey_answer
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, MentorFactory, close_survey
from tests.surveys import pilot_survey

pytestmark = pytest.mark.django_db(transaction=True)

WITHHELD = (
    "Each question was answered by fewer than 5 people, so all the results are withheld to "
    "protect them."
)


def answer(survey, person, agree, suggestion):
    trust, meetings, change = survey.questions.all()
    survey_answer(
        survey=survey,
        person=person,
        answers={trust.pk: agree, meetings.pk: 1, change.pk: suggestion},
    )


def test_the_office_sees_results_withheld_after_one_answer_and_shown_after_five(page, cast):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor, 4, "Meet somewhere quieter.")

    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)
    page.get_by_role("link", name="Open the programme office").click()
    page.get_by_role("link", name="Surveys", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Spring pilot evaluation"))
    expect(row).to_contain_text("Open")
    assert_accessible(page)
    row.get_by_role("link", name="Spring pilot evaluation", exact=True).click()
    page.get_by_role("link", name="See the results").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Spring pilot evaluation")
    # While it is open, nothing but the response rate, and why said once.
    expect(page.get_by_text("Results are shown once the survey closes")).to_have_count(1)
    questions = page.locator("section.survey-question")
    expect(questions).to_have_count(3)
    for n in range(3):
        expect(questions.nth(n).locator(".survey-withheld")).to_have_text("Withheld.")
    close_survey(survey)
    page.reload()
    expect(page.get_by_text(WITHHELD)).to_have_count(1)
    expect(page.get_by_text("Fewer than 5 people answered this question")).to_have_count(0)
    expect(page.get_by_role("img")).to_have_count(0)
    expect(page.get_by_text("Meet somewhere quieter.")).to_have_count(0)
    rates = page.get_by_role("table", name="Who was asked, and how many answered")
    # Four asked, fewer than the minimum of 5: how many answered is not shown.
    expect(
        rates.get_by_role(
            "row", name=re.compile("^Everyone asked 4 Not shown: it is said only when at least 5")
        )
    ).to_be_visible()
    assert_accessible(page)

    others = [cast.other_mentor] + [
        MentorFactory(programme=cast.programme, briefed=False).applicant for _ in range(3)
    ]
    # The office gives people longer; four more answer; it closes again.
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() + timedelta(days=3))
    survey.refresh_from_db()
    for agree, person in enumerate(others, start=2):
        answer(survey, person, agree, f"Suggestion number {agree}.")
    close_survey(survey)
    page.reload()

    expect(page.get_by_text(WITHHELD)).to_have_count(0)
    expect(
        page.get_by_text(
            "Mentors and board members are not shown apart: one of the groups is smaller than 5."
        )
    ).to_have_count(1)
    trust = page.get_by_role("img", name=re.compile(r"^My partner and I built trust\."))
    expect(trust).to_have_count(1)
    expect(trust).to_have_accessible_description(re.compile("Agree: 2; Strongly agree: 1"))
    # The count under each group's heading, the mean once below it; the chart's figures
    # as a table behind a summary, named by question and group.
    question = page.locator("section.survey-question").filter(has=trust)
    expect(question.get_by_role("heading", name="Everyone: 5 answered")).to_be_visible()
    expect(question.get_by_text("Mean: 3.6")).to_be_visible()
    question.get_by_text("The figures as a table").click()
    table = question.get_by_role("table", name="My partner and I built trust. (Everyone)")
    expect(table.get_by_role("row", name="Agree 2")).to_be_visible()
    expect(table.get_by_role("columnheader", name="People")).to_be_visible()
    meetings = page.get_by_role("img", name=re.compile(r"^How many times did you meet\?"))
    expect(meetings).to_have_count(1)
    for text in ["Meet somewhere quieter.", "Suggestion number 2.", "Suggestion number 5."]:
        expect(page.get_by_text(text)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the aggregates as CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Everyone,5,Agree,2,3.6" in content
    assert "Meet somewhere quieter." not in content
