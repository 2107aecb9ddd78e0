"""In the browser: on a pair request's page the decision buttons above the form sit clear of
the page's heading ("Raised a concern: …"), on a laptop screen and a wider one."""

import os

import pytest
from django.urls import reverse

from mentoring.services.pairs import pair_request_raise
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [1280, 1400])
def test_the_buttons_of_a_concern_do_not_cover_its_heading(browser, live_server, cast, width):
    coordinator = CoordinatorFactory(email="office@example.org")
    concern = pair_request_raise(
        match=cast.pair, person=cast.mentor, kind="concern", note="We keep missing meetings."
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
        page.goto(reverse("admin:mentoring_pairrequest_change", args=[concern.pk]))
        headings = [
            page.get_by_role("heading", level=1, name="View request from a pair member"),
            page.get_by_role("heading", level=2, name="Raised a concern: Maya Mentor and Bola"),
        ]
        tools = page.locator("ul.object-tools")
        buttons = [
            page.get_by_role("link", name="End the pairing from the pair's page…"),
            page.get_by_role("button", name="Decide the pairing continues (nobody is emailed)…"),
        ]
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/concern-{width}.png")
        for heading in headings:
            box = heading.bounding_box()
            assert not _overlap(box, tools.bounding_box())
            for button in buttons:
                assert not _overlap(box, button.bounding_box())
    finally:
        context.close()
