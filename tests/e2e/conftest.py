"""End-to-end harness: Playwright drives Debian's Chromium against a live server.

Every later issue's journey test uses `page` (a fresh browser context pointed at
the live server) and `assert_accessible(page)` after each page it visits.
"""

import os
import re
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started

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


class _RequestsInFlight:
    """How many requests the live server is answering, from Django's own request
    signals: closing the browser does not stop a request the server has begun. The test
    client's requests (in the test's own thread) are not counted."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    def started(self, **kwargs):
        if threading.current_thread() is threading.main_thread():
            return
        with self.changed:
            self.count += 1

    def finished(self, **kwargs):
        if threading.current_thread() is threading.main_thread():
            return
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_none(self, timeout: float = 30.0) -> None:
        """Return once no request has been running for a moment (a request the server
        has accepted signals a little after), or fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                if self.count <= 0:
                    self.changed.wait(0.1)
                    if self.count <= 0:
                        return
                if time.monotonic() > deadline:
                    raise AssertionError(f"{self.count} request(s) still running after {timeout} s")
                self.changed.wait(0.1)


@pytest.fixture(scope="session")
def requests_in_flight():
    return _RequestsInFlight()


@pytest.fixture(autouse=True)
def _nothing_in_flight_before_the_flush(browser, transactional_db, requests_in_flight):
    # Asking for the database here runs this teardown before the database is emptied:
    # it closes every browser context a test opened (through `page` or by hand) and
    # waits for the requests the server is still answering. One still in flight once
    # deadlocked the TRUNCATE that empties the database, and the next test met the
    # rows it left.
    yield
    for context in browser.contexts:
        context.close()
    requests_in_flight.wait_until_none()


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


def axe_report(violations) -> str:
    """Each rule broken, with the element that broke it, short enough to read in a failure."""
    return "\n".join(
        f"{violation['id']}: {node['target']} {node['html'][:200]}"
        for violation in violations
        for node in violation["nodes"]
    )


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


# Page sizes a journey is read at: a desktop, and the narrowest phone WCAG 1.4.10 asks for
# (320 CSS px, with no sideways scrolling).
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def check_both_widths(page) -> None:
    """axe at 1280 px and at 320 px, and nothing to scroll sideways at 320 px."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    assert_accessible(page)
    assert overflow(page) <= 0, f"{page.url} scrolls sideways at 320 px by {overflow(page)} px"
    page.set_viewport_size(DESKTOP)


def active_text(page) -> str:
    """What the focused element says (its text, or a field's value)."""
    return page.evaluate(
        "(document.activeElement.innerText || document.activeElement.value || '').trim()"
    )


def tab_to(page, pattern: str, limit: int = 60) -> None:
    """Tab (keyboard only) until the focused element's text matches `pattern`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if re.search(pattern, active_text(page)):
            return
    raise AssertionError(f"{pattern!r} is never reached with Tab on {page.url}")


def skip_to_main(page) -> None:
    """The first Tab stop is "Skip to main content"; Enter follows it."""
    page.keyboard.press("Tab")
    assert active_text(page) == "Skip to main content"
    page.keyboard.press("Enter")
