"""An address refused on the email page (/accounts/email/) is said in one error summary at
the top of the page, as on every other page: not half-way down, under the list of
addresses and its Make primary, Re-send verification and Remove buttons, which have
nothing to do with it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.error_summary import assert_good_error_page
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def controls_before_the_summary(page) -> list[str]:
    """What a person can fill in or press in <main> before the error summary."""
    return page.evaluate(
        """() => {
        const summary = document.querySelector('[data-error-summary]');
        const main = document.querySelector('main') || document.body;
        return [...main.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
          .filter(el => el.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING)
          .map(el => el.tagName + ':' + (el.innerText || el.value || el.name).trim());
        }"""
    )


def add_address(page, address: str) -> None:
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Add email").click()


def test_an_address_refused_on_the_email_page_is_summarised_at_the_top(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto("/accounts/email/")
    add_address(page, "someone@elsewhere.com")
    page.wait_for_load_state()
    if "reauthenticate" in page.url:  # "confirm it is you" first, then the address again
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/accounts/email/")
        add_address(page, "someone@elsewhere.com")
    page.locator("[data-error-summary]").wait_for()

    assert_good_error_page(page)  # one summary, focused, "Error: " in the title, axe clean
    expect(page.get_by_label("Email")).to_have_value("someone@elsewhere.com")
    assert controls_before_the_summary(page) == []
