"""End-to-end harness: Playwright drives Debian's Chromium against a live server.

Every later issue's journey test uses `page` (a fresh browser context pointed at
the live server) and `assert_accessible(page)` after each page it visits.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(__file__).parent in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread for the whole session;
    # the ORM calls that tests (and database teardown) make meanwhile are synchronous.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe on the current page and fail, with its report, on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, f"axe found violations on {page.url}:\n{results.generate_report()}"


def sign_in(page, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through allauth's pages, answering the second factor when there is one."""
    from tests.factories import totp_code

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if totp_secret:
        page.get_by_label("Code", exact=True).fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/dashboard/")
