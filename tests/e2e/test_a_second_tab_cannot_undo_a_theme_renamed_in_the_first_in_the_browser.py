"""In the browser: a coordinator has the pilot's page open in two tabs, renames a theme in the
first and saves, then changes the organisation in the second and saves. The second save is
refused with one error at the top, what was typed there shown again, and the theme keeps the
first tab's name: each theme's stamp is on the page, and the browser posts it. The error
links to the page's own address: followed, it opens the saved version afresh (reloading the
refused page would post the refused save again), and axe finds nothing on either page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mentoring.models import Programme, Theme
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.error_summary import assert_good_error_page
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_second_tab_is_refused_and_the_theme_keeps_the_first_tabs_name(page, cast):
    theme = Theme.objects.create(programme=cast.programme, name="Social mobility", position=9)
    coordinator = cast.coordinator
    sign_in(page, coordinator.email, PASSWORD, totp_secret=coordinator.totp_secret)
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    tab_one, tab_two = page, page.context.new_page()
    tab_one.goto(url)
    tab_two.goto(url)

    tab_one.locator('input[value="Social mobility"]').fill("Class and background")
    tab_one.get_by_role("button", name="Save", exact=True).click()
    tab_one.wait_for_url("**/mentoring/programme/")
    tab_two.locator("#id_organisation").fill("Typed in tab two")
    tab_two.get_by_role("button", name="Save", exact=True).click()

    summary = tab_two.locator("[data-error-summary] li")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text(
        "Since you opened this page, a change to this programme was saved in another tab or "
        "window, or by someone else"
    )
    expect(tab_two.locator("#id_organisation")).to_have_value("Typed in tab two")
    assert Theme.objects.get(pk=theme.pk).name == "Class and background"
    assert Programme.objects.get(pk=cast.programme.pk).organisation != "Typed in tab two"
    assert_good_error_page(tab_two)  # focused, said once, axe clean

    with tab_two.expect_request(lambda request: request.url.endswith(url)) as opened:
        summary.get_by_role("link", name="Open the saved version").click()

    assert opened.value.method == "GET"
    tab_two.wait_for_load_state()
    expect(tab_two.locator("[data-error-summary]")).to_have_count(0)
    expect(tab_two.locator('input[value="Class and background"]')).to_have_count(1)
    expect(tab_two.locator('input[value="Social mobility"]')).to_have_count(0)
    expect(tab_two.locator("#id_organisation")).not_to_have_value("Typed in tab two")
    assert_accessible(tab_two)
