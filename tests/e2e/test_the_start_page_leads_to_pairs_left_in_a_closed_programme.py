"""The office's start page, in Chromium, names the pairs left active in a closed programme
while the next one runs, and its link opens them."""

import pytest
from playwright.sync_api import expect

from mentoring.models import ProgrammeStatus
from tests.e2e.conftest import (
    check_both_widths,
    sign_in,
)
from tests.factories import (
    PASSWORD,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_start_page_link_to_pairs_left_in_a_closed_programme_opens_them(page, cast):
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()
    ProgrammeFactory(name="2027/28 cohort", slug="next")
    sign_in(page, cast.coordinator.email, PASSWORD, cast.coordinator.totp_secret)
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Needs attention in 2027/28 cohort")).to_be_visible()
    expect(page.locator("#attention")).to_contain_text("still active in a closed programme")
    check_both_widths(page)
    link = page.get_by_role("link", name="2 pairs")
    link.click()
    page.wait_for_load_state()
    assert "Bad Request" not in page.content(), "the start page's link is a 400"
    expect(page.get_by_text("Maya Mentor", exact=False).first).to_be_visible()
