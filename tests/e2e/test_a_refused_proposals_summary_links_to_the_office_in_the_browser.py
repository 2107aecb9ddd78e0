"""A proposal sent from a page opened before Bola's account was switched off comes back
refused, in a real browser: the error summary, focused, says why with the programme office's
address as a link to write to it (not a link to a field around it), and axe finds nothing."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, agree_ground_rules

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_refusal_links_to_the_office_and_passes_axe(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_new", args=[cast.pair.pk]))
    page.get_by_label("Place").fill("Room 2.14")
    cast.board_member.is_active = False
    cast.board_member.save(update_fields=["is_active"])

    page.get_by_role("button", name="Propose this meeting").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    office = cast.programme.contact_email
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name=office)).to_have_attribute("href", f"mailto:{office}")
    assert_accessible(page)
