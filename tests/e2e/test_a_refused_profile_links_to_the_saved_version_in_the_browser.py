"""In the browser: Bola has her profile open in two tabs, saves new learning goals in the
first, then changes her bio in the second and saves. The second save is refused, the error
summary focused and saying so once, with a link to open the saved version: the page is the
answer to a post, which reloading would send again. Followed, the link opens her profile
afresh (a GET), with the first tab's goals, and axe finds nothing on either page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.error_summary import assert_good_error_page
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

GOALS = re.compile("What would you like to learn")
BIO = re.compile("A short bio for your mentor")


def test_the_refused_profile_opens_the_saved_version_from_its_error(page, cast):
    sign_in(page, cast.board_member.email, PASSWORD)
    url = reverse("profile")
    tab_one, tab_two = page, page.context.new_page()
    tab_one.goto(url)
    tab_two.goto(url)

    tab_one.get_by_label(GOALS).fill("Goals saved in tab one.")
    tab_one.get_by_role("button", name="Save my profile").click()
    expect(tab_one.get_by_text("Your profile is saved.")).to_be_visible()
    tab_two.get_by_label(BIO).fill("Typed in tab two.")
    tab_two.get_by_role("button", name="Save my profile").click()

    summary = tab_two.locator("[data-error-summary]")
    expect(summary).to_contain_text("a change to your profile was saved in another tab")
    expect(summary).not_to_contain_text("Reload")
    expect(tab_two.get_by_label(BIO)).to_have_value("Typed in tab two.")
    assert_good_error_page(tab_two)  # focused, said once, axe clean
    link = summary.get_by_role("link", name="Open the saved version")

    with tab_two.expect_request(lambda request: request.url.endswith(url)) as opened:
        link.click()

    assert opened.value.method == "GET"
    tab_two.wait_for_load_state()
    expect(tab_two.locator("[data-error-summary]")).to_have_count(0)
    expect(tab_two.get_by_label(GOALS)).to_have_value("Goals saved in tab one.")
    expect(tab_two.get_by_label(BIO)).not_to_have_value("Typed in tab two.")
    assert_accessible(tab_two)
