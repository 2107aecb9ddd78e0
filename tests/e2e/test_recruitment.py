import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    GradeFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_staff_member_applies_and_a_coordinator_accepts(browser, live_server, mailoutbox):
    programme = ProgrammeFactory(
        name="2026/27 pilot",
        about="Taking part is voluntary; conversations are **confidential**.",
        themes=["Learning to talk about race", "Anti-racism"],
    )
    GradeFactory(name="Grade 5")
    UserFactory(email="amara@example.org", full_name="Amara Okafor", department="Life Sciences")
    coordinator = CoordinatorFactory(email="office@example.org", full_name="Priya Shah")

    applicant = browser.new_context(base_url=live_server.url).new_page()
    applicant.goto("/")
    expect(applicant.get_by_role("heading", level=1)).to_have_text("2026/27 pilot")
    assert_accessible(applicant)

    sign_in(applicant, "amara@example.org", PASSWORD)
    applicant.goto(programme.get_absolute_url())
    applicant.get_by_role("link", name="Apply to be a reverse mentor").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Apply to be a reverse mentor")
    assert_accessible(applicant)

    def answer(question, choice):
        applicant.get_by_role("group", name=question).get_by_label(choice, exact=True).check()

    answer("Can you commit time to the programme?", "Yes")
    answer("Is your availability flexible?", "Yes")
    answer("Have you attended, or will you attend, the mentor briefing?", "Yes")
    answer(re.compile("Is there something about working here"), "Yes")
    applicant.get_by_label("In a few sentences, what would you bring?").fill(
        "I have worked in three departments over six years and seen how decisions taken at the "
        "top land differently depending on who you are."
    )
    answer(re.compile("Do you have a current conflict of interest"), "No")
    applicant.get_by_label("Grade or level").select_option(label="Grade 5")
    applicant.get_by_label("Anti-racism").check()
    answer(re.compile("How do you like to learn"), re.compile("By reflecting"))
    answer(re.compile("Which approach sounds most like you"), re.compile("Questioning:"))
    applicant.get_by_label("Tuesday morning").check()
    applicant.get_by_label("Thursday afternoon").check()
    applicant.get_by_label("A short bio for the board member you will mentor").fill(
        "Research technician; I help run the staff race network."
    )
    applicant.get_by_label(re.compile("Which of the key qualities")).fill(
        "I listen well and keep confidences; I want to challenge with more confidence."
    )
    applicant.get_by_role("button", name="Submit application").click()
    applicant.get_by_role("button", name="Yes, send my application").click()

    expect(applicant.get_by_text("Thank you. Your application has been submitted.")).to_be_visible()
    expect(applicant.get_by_role("heading", name="Eligibility")).to_be_visible()
    expect(applicant.get_by_text("From your answers, you can commit the time")).to_be_visible()
    assert_accessible(applicant)

    office = browser.new_context(base_url=live_server.url).new_page()
    sign_in(office, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
    office.goto("/admin/mentoring/mentorapplication/")
    assert_accessible(office)
    # From the application's own page, through a confirmation naming who will be emailed.
    office.get_by_role("link", name="Amara Okafor").click()
    expect(office.get_by_role("heading", name="Decision")).to_be_visible()
    assert_accessible(office)
    office.get_by_role("button", name="Accept…").click()
    expect(office.get_by_text("Amara Okafor (amara@example.org)")).to_be_visible()
    assert_accessible(office)
    office.get_by_role("button", name="Yes, accept and email 1 applicant").click()
    expect(office.get_by_text("1 application accepted")).to_be_visible()
    expect(office.get_by_text("This application is accepted.")).to_be_visible()
    assert_accessible(office)

    applicant.goto("/dashboard/")
    expect(applicant.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(applicant.get_by_text("Welcome aboard.")).to_be_visible()
    assert_accessible(applicant)

    subjects = [mail.subject for mail in mailoutbox if mail.to == ["amara@example.org"]]
    assert subjects == [
        "We have received your reverse mentoring application",
        "You are a reverse mentor in 2026/27 pilot",
    ]
