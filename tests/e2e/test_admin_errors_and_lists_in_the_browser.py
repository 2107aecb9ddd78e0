"""In the browser: an admin form sent with mistakes starts at its error summary, whose links
put the cursor in each field, and axe finds nothing on it; the admin's longest lists fit a
1400-pixel screen with no column off it."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.conftest import axe_report, sign_in
from tests.factories import (
    PASSWORD,
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    ProgrammeFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1400, "height": 900}


@pytest.fixture
def office(browser, live_server):
    """A coordinator's browser 1400 by 900 pixels, signed in through the authenticator step."""
    coordinator = CoordinatorFactory(email="office@example.org")
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
    yield page
    context.close()


def test_an_admin_form_with_mistakes_starts_at_the_summary_whose_links_reach_each_field(office):
    programme = ProgrammeFactory(name="2026/27 pilot")
    office.goto(reverse("admin:mentoring_programme_change", args=[programme.pk]))
    office.locator("#id_name").fill("")
    office.locator("#id_meeting_minutes").fill("99999999999999999999")
    office.get_by_role("button", name="Save", exact=True).click()

    summary = office.locator("[data-error-summary]")
    summary.get_by_text("There is a problem").wait_for()
    office.wait_for_load_state("domcontentloaded")  # when the focus moves to it
    assert office.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter the name.",
        "Enter between 15 and 240 minutes.",
    ]
    violations = Axe().run(office).response["violations"]
    assert not violations, axe_report(violations)

    summary.get_by_role("link", name="Enter between 15 and 240 minutes.").click()
    assert office.evaluate("document.activeElement.id") == "id_meeting_minutes"
    summary.get_by_role("link", name="Enter the name.").click()
    assert office.evaluate("document.activeElement.id") == "id_name"


@pytest.mark.parametrize(
    "add_form",
    ["mentoring_groundrules_add", "mentoring_boardmember_add", "matching_conflictofinterest_add"],
)
def test_an_add_form_sent_back_keeps_the_cursor_on_the_summary(office, add_form):
    """Django puts the cursor in an add form's first field once its script has loaded (async,
    so sometimes after the summary took it); sent back with mistakes, the summary keeps it.
    The script is held back here, so that it always comes last."""
    ProgrammeFactory(name="2026/27 pilot")
    office.goto(reverse(f"admin:{add_form}"))

    def late(route):
        time.sleep(0.5)
        route.continue_()

    office.route("**/admin/js/change_form.js", late)
    office.get_by_role("button", name="Save", exact=True).click()

    office.locator("[data-error-summary]").get_by_text("There is a problem").wait_for()
    office.wait_for_load_state("load")  # every async script has run

    assert office.evaluate("document.activeElement.hasAttribute('data-error-summary')")


# The cells of a list (headings included) that reach past the window, or past the list's
# own box (which scrolls sideways, hiding what is past it).
OFF_SCREEN = """() => {
    const box = document.querySelector('#changelist .results').getBoundingClientRect();
    const edge = Math.min(box.right, window.innerWidth);
    return [...document.querySelectorAll('#result_list th, #result_list td')]
        .filter((cell) => cell.getBoundingClientRect().right > edge + 0.5)
        .map((cell) => cell.textContent.trim());
}"""


def test_the_surveys_and_board_members_lists_fit_a_1400_pixel_screen(office):
    programme = ProgrammeFactory(name="Reverse Mentoring 2026/27 across the whole university")
    SurveyFactory(programme=programme, title="End-of-programme evaluation for everyone in a pair")
    BriefedBoardMemberFactory(
        programme=programme,
        user=UserFactory(
            full_name="Professor Alexandra Montgomery-Fitzwilliam",
            email="alexandra.montgomery-fitzwilliam@example.org",
        ),
        role_title="Pro-Vice-Chancellor for Research, Innovation and Enterprise",
    )

    for url in (
        reverse("admin:evaluation_survey_changelist"),
        reverse("admin:mentoring_boardmember_changelist"),
    ):
        office.goto(url)
        assert office.evaluate(OFF_SCREEN) == [], url
        assert office.evaluate("document.documentElement.scrollWidth") <= WIDE["width"], url


def test_a_summary_link_to_the_list_of_people_puts_the_focus_on_it(office):
    """The briefing exemption's person is chosen from a list of the people taking part: the
    error summary's link puts the focus on it, named by its label."""
    ProgrammeFactory(name="2026/27 pilot")
    office.goto(reverse("admin:mentoring_briefingexemption_add"))
    office.get_by_role("button", name="Save", exact=True).click()

    summary = office.locator("[data-error-summary]")
    summary.get_by_text("There is a problem").wait_for()
    violations = Axe().run(office).response["violations"]
    assert not violations, axe_report(violations)
    office.locator("[data-error-summary] a[href='#id_person']").click()

    focused = office.evaluate(
        """() => {
            const box = document.activeElement;
            return {tag: box.tagName, id: box.id, label: box.labels[0].textContent.trim()};
        }"""
    )
    assert focused == {"tag": "SELECT", "id": "id_person", "label": "Person:"}
