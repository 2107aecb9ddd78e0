"""In Chromium: the availability grid fits a 375 px phone, the navbar's focus ring is plain to
see, and axe finds nothing on the programme office's start page and the message preview, at
desktop width and at 375 px; the match board, writing to a group and the lists whose cells
hold words for screen readers do not scroll the page sideways on a phone, and a searched
list's "Show all" is underlined."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mentoring.models import CohortMessage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    BriefedBoardMemberFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: nothing to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_availability_grid_fits_a_375_px_screen(page, cast):
    page.set_viewport_size(PHONE)
    sign_in(page, cast.outsider.email, PASSWORD)

    page.goto("/apply/")

    grid = page.locator(".availability-grid")
    expect(grid).to_be_visible()
    expect(grid.get_by_role("rowheader", name="Wednesday")).to_be_visible()
    page.get_by_label("Wednesday afternoon").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert overflow(page) <= 0


def test_the_navbar_focus_ring_is_thick_and_amber(page, cast):
    page.goto("/")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name, first in the navbar
    ring = page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return [document.activeElement.className, style.outlineStyle, style.outlineWidth,
                    style.outlineColor];
        }"""
    )

    assert ring == ["navbar-brand", "solid", "3px", "rgb(255, 191, 71)"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_start_page_and_the_message_preview_pass_axe(page, cast, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)

    page.goto("/admin/")
    attention = page.locator("#attention")
    expect(attention).to_contain_text("Needs attention in 2026/27 pilot")
    expect(attention.get_by_role("link", name="Applications to decide")).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/mentoring/cohortmessage/add/")
    assert_accessible(page)
    page.get_by_label("Members of active pairs").check()
    page.get_by_label("Subject").fill("Evaluation session")
    page.get_by_label("Message").fill("It is on 3 June.\n\nBring one example.")
    page.get_by_role("button", name="Preview who receives it").click()

    recipients = page.locator("#recipients")
    expect(recipients).to_contain_text("maya@example.org")
    expect(recipients.locator("tbody tr")).to_have_count(4)
    assert_accessible(page)
    assert CohortMessage.objects.count() == 0

    page.get_by_role("button", name="Send to 4 people").click()

    expect(page.locator(".messagelist")).to_contain_text("Sent to 4 people")
    assert CohortMessage.objects.get().body == "It is on 3 June.\n\nBring one example."


@pytest.mark.parametrize("width", [1000, 1100, 1200, 1280, 1440])
def test_the_longest_navigation_fits_every_laptop_width(page, cast, width):
    """A paired mentor whom a survey asks has the most links."""
    QuestionFactory(survey=SurveyFactory(programme=cast.programme))
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, cast.mentor.email, PASSWORD)

    page.goto("/match/")

    assert overflow(page) <= 0
    menu = page.get_by_role("button", name="Show or hide the menu")
    if menu.is_visible():  # collapsed at this width: every link is one press away
        menu.click()
    for name in ["Dashboard", "Your pair", "Meetings", "Surveys", "Security"]:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    expect(page.get_by_role("button", name="Sign out")).to_be_in_viewport()
    assert overflow(page) <= 0


@pytest.fixture
def waiting(cast):
    """A board member and an accepted mentor of the cast's programme still to be matched: the
    match board lists the board member with the mentor as a candidate."""
    BriefedBoardMemberFactory(
        programme=cast.programme, user=UserFactory(full_name="Una Unmatched-Board-Member")
    )
    MentorFactory(programme=cast.programme, applicant=UserFactory(full_name="Ned New-Mentor"))
    QuestionFactory(
        survey=SurveyFactory(
            programme=cast.programme, title="Mid-point pulse for the 2026/27 pilot"
        )
    )
    return cast


@pytest.mark.parametrize(
    "address",
    [
        "admin:matching_board",
        "admin:mentoring_cohortmessage_add",
        "admin:evaluation_survey_changelist",
        "admin:mentoring_programme_changelist",
    ],
)
def test_the_offices_pages_do_not_scroll_sideways_on_a_phone(page, waiting, address):
    page.set_viewport_size(PHONE)
    office = waiting.coordinator
    sign_in(page, office.email, PASSWORD, totp_secret=office.totp_secret)

    args = [waiting.programme.pk] if address == "admin:matching_board" else []
    page.goto(reverse(address, args=args))

    if address == "admin:matching_board":
        expect(page.get_by_text("Una Unmatched-Board-Member").first).to_be_visible()
    assert overflow(page) <= 0
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE, {"width": 800, "height": 900}], ids=["phone", "800"])
def test_a_searched_list_underlines_show_all(page, cast, viewport):
    page.set_viewport_size(viewport)
    office = cast.coordinator
    sign_in(page, office.email, PASSWORD, totp_secret=office.totp_secret)

    page.goto(reverse("admin:accounts_auditevent_changelist") + "?q=nobody-matches-this")

    expect(page.get_by_role("link", name="Show all")).to_be_visible()
    assert_accessible(page)
