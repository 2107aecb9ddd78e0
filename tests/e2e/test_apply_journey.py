"""A member of staff applies from the programme page: Enter keeps a draft, a too-short
answer is summarised at the top (with the focus on the summary), fixed, and sent; axe finds
nothing on any page, at desktop width and on a 375 px phone."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.models import ApplicationStatus, MentorApplication
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, GradeFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
TOO_SHORT = "Write at least 100 characters (you have written 13)."


def assert_accessible_at_both_widths(page) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_a_mentor_applies_fixes_a_short_answer_and_submits(page, cast):
    GradeFactory(name="Grade 5")
    applicant = cast.outsider
    page.set_viewport_size(DESKTOP)
    sign_in(page, applicant.email, PASSWORD)

    page.goto("/programmes/pilot/")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Apply to be a reverse mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to be a reverse mentor")
    expect(page.get_by_text("Needed if you answered yes: at least 100 characters.")).to_be_visible()
    assert_accessible_at_both_widths(page)

    # Enter in a text field keeps a draft; it never sends the application.
    page.get_by_label("Department").fill("Estates")
    page.get_by_label("Department").press("Enter")
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    application = MentorApplication.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.DRAFT
    assert application.department == "Estates"

    def answer(question, choice):
        page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()

    answer("Can you commit time to the programme?", "Yes")
    answer("Is your availability flexible?", "Yes")
    answer("Have you attended, or will you attend, the mentor briefing?", "Yes")
    answer(re.compile("Is there something about working here"), "Yes")
    statement = page.get_by_label("In a few sentences, what would you bring?")
    statement.fill("I have views.")
    answer(re.compile("Do you have a current conflict of interest"), "No")
    page.get_by_label("Grade or level").select_option(label="Grade 5")
    page.get_by_label("Anti-racism").check()
    answer(re.compile("How do you like to learn"), re.compile("By reflecting"))
    answer(re.compile("Which approach sounds most like you"), re.compile("Questioning:"))
    page.get_by_label("Tuesday morning").check()
    page.get_by_label("A short bio for the board member you will mentor").fill(
        "Estates officer; I run the allotment."
    )
    page.get_by_label(re.compile("Which of the key qualities")).fill(
        "I listen well; I want to challenge with more confidence."
    )
    page.get_by_role("button", name="Submit application").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name=TOO_SHORT)).to_have_attribute(
        "href", "#id_experience_statement"
    )
    expect(page.get_by_text("do not meet the criteria")).to_have_count(0)
    assert MentorApplication.objects.get(applicant=applicant).status == ApplicationStatus.DRAFT
    assert_accessible_at_both_widths(page)

    summary.get_by_role("link", name=TOO_SHORT).click()
    expect(statement).to_be_focused()  # The cursor is in the field, ready to type.
    statement.fill(
        "I have worked in three departments over six years and seen how decisions taken at the "
        "top land differently depending on who you are."
    )
    page.get_by_role("button", name="Submit application").click()

    # Asked first, naming who is emailed; nothing sent yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Send your application?")
    expect(page.get_by_text(f"You get a receipt at {applicant.email}.")).to_be_visible()
    assert MentorApplication.objects.get(applicant=applicant).status == ApplicationStatus.DRAFT
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Yes, send my application").click()

    expect(page.get_by_text("Thank you. Your application has been submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="What you told us")).to_be_visible()
    assert MentorApplication.objects.get(applicant=applicant).status == ApplicationStatus.SUBMITTED
    assert_accessible_at_both_widths(page)

    page.goto("/dashboard/")
    expect(page.get_by_text("Your application is with the programme office")).to_be_visible()
    assert_accessible_at_both_widths(page)
