"""In Chromium, under the site's real Content Security Policy: each role opens its main pages
and the browser reports no violation of the policy, no console error and no script error;
and what runs on those pages still works (the menu, the availability grid, the admin's
date shortcuts, search boxes, slug filling and theme switch, the match board, the charts)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.every_page import furnish
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every document before its own scripts (outside the page's policy): keep each
# violation the browser reports, to be read back after the page has loaded.
RECORD_VIOLATIONS = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__policyViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}` +
      ` (${event.sourceFile || document.URL}:${event.lineNumber}` +
      `${event.sample ? ": " + event.sample : ""})`
  );
});
"""


class Watched:
    """A browser context whose pages fail the test on any policy violation, console error
    or uncaught script error."""

    def __init__(self, browser, live_server):
        self.context = browser.new_context(base_url=live_server.url)
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.problems: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def visit(self, url: str):
        response = self.page.goto(url)
        assert response.ok, f"{url} answered {response.status}"
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        self.assert_clean()
        return self.page

    def assert_clean(self):
        """Nothing was refused or went wrong on the page shown, or on the way to it."""
        self.page.wait_for_load_state("load")
        # A violation is reported in a task after the refusal: let one run first.
        self.page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
        violations = self.page.evaluate("() => window.__policyViolations || []")
        problems = self.problems + violations
        self.problems = []
        assert problems == [], f"on {self.page.url}:\n" + "\n".join(problems)

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser, live_server):
    opened = []

    def open_context():
        context = Watched(browser, live_server)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def scene(cast):
    return furnish(cast)


def test_a_mentor_sees_their_pages_with_nothing_refused_and_the_menu_opens(watched, scene):
    mentor = watched()
    page = mentor.page
    page.goto("/")
    mentor.assert_clean()
    sign_in(page, scene.cast.mentor.email, PASSWORD)
    mentor.assert_clean()

    for url in [
        "/dashboard/",
        "/match/",
        f"/match/{scene.cast.pair.pk}/purpose/",
        f"/match/{scene.cast.pair.pk}/plan/",
        f"/match/{scene.cast.pair.pk}/meetings/new/",
        "/meetings/",
        f"/meetings/{scene.held.pk}/",
        f"/meetings/{scene.to_log.pk}/log/",
        "/profile/",
        "/apply/",
        "/events/",
        "/surveys/",
        f"/surveys/{scene.open_survey_id}/",
        "/accounts/2fa/",
        "/accounts/password/change/",
    ]:
        mentor.visit(url)

    # On a small screen the menu is folded away; Bootstrap's collapse opens it.
    page.set_viewport_size({"width": 375, "height": 740})
    mentor.visit("/dashboard/")
    meetings_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings")
    expect(meetings_link).to_be_hidden()
    page.get_by_role("button", name="Show or hide the menu").click()
    expect(meetings_link).to_be_visible()
    meetings_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("meetings")
    mentor.assert_clean()


def test_a_board_member_fills_in_the_availability_grid_with_nothing_refused(watched, scene):
    member = watched()
    page = member.page
    sign_in(page, scene.newcomer.email, PASSWORD)

    member.visit("/dashboard/")
    bar = page.locator(".progress-meter-bar")
    expect(bar).to_have_attribute(
        "width", str(scene.newcomer.board_memberships.get().profile_completeness())
    )
    # The bar is drawn at that share of the track, without an inline style.
    track = page.get_by_role("progressbar", name="Profile completeness").bounding_box()
    assert bar.bounding_box()["width"] == pytest.approx(
        track["width"] * int(bar.get_attribute("width")) / 100, abs=2
    )

    member.visit("/profile/")
    page.get_by_label(re.compile("What would you like to learn")).fill(
        "How decisions at the top feel to colleagues without positional power."
    )
    page.get_by_label("Monday morning").check()
    page.get_by_role("button", name="Save my profile").click()
    member.assert_clean()
    member.visit("/profile/")
    expect(page.get_by_label("Monday morning")).to_be_checked()
    expect(page.get_by_label("Tuesday morning")).to_be_checked()  # kept from before

    for url in ["/dashboard/", "/events/", "/surveys/"]:
        member.visit(url)

    pair = watched()
    sign_in(pair.page, scene.cast.board_member.email, PASSWORD)
    for url in ["/match/", "/meetings/", f"/meetings/{scene.upcoming.pk}/", "/profile/"]:
        pair.visit(url)


def test_the_programme_office_works_in_the_admin_with_nothing_refused(watched, scene):
    office = watched()
    page = office.page
    coordinator = scene.cast.coordinator
    page.goto("/accounts/login/")
    office.assert_clean()
    sign_in(page, coordinator.email, PASSWORD, totp_secret=coordinator.totp_secret)
    office.assert_clean()

    office.visit("/admin/")
    # The admin's theme switch (a script of its own) still works.
    theme = page.locator("html").get_attribute("data-theme")
    page.locator("button.theme-toggle").first.click()
    expect(page.locator("html")).not_to_have_attribute("data-theme", theme or "auto")
    office.assert_clean()

    office.visit("/admin/mentoring/mentorapplication/")
    office.visit(f"/admin/mentoring/programme/{scene.cast.programme.pk}/change/")
    office.visit("/admin/mentoring/match/")

    # The slug fills in from the name as it is typed (prepopulate.js and its data).
    office.visit("/admin/mentoring/programme/add/")
    page.locator("#id_name").press_sequentially("Autumn cohort 2027")
    expect(page.locator("#id_slug")).to_have_value("autumn-cohort-2027")

    # The date shortcuts beside a date box.
    office.visit("/admin/mentoring/event/add/")
    page.get_by_role("link", name="Today").first.click()
    expect(page.locator("input.vDateField").first).not_to_have_value("")
    office.assert_clean()

    # The list of people taking part, each named with their address.
    office.visit("/admin/mentoring/briefingexemption/add/")
    page.get_by_label("Person").select_option(label="Maya Mentor (maya@example.org)")
    expect(page.get_by_label("Person")).not_to_have_value("")
    office.assert_clean()

    board = office.visit(f"/admin/mentoring/match/board/{scene.cast.programme.pk}/")
    board.get_by_role("button", name=re.compile("^Propose .+ for ")).first.click()
    expect(board.get_by_role("button", name=re.compile("^Accept"))).not_to_have_count(0)
    office.assert_clean()

    results = office.visit(f"/admin/evaluation/survey/{scene.closed_survey_id}/results/")
    chart = results.get_by_role("img", name=re.compile(r"^We built trust\."))
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 100  # drawn at its size, from its attributes

    office.visit(f"/admin/report/{scene.cast.programme.slug}/")
    office.visit(f"/admin/evaluation/survey/{scene.open_survey_id}/change/")
    office.visit("/admin/accounts/outboxmessage/")
