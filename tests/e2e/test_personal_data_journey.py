"""A mentor downloads their data from their profile, then deletes their account, in the
browser: the confirmation page passes axe on a desktop and a phone, a wrong password is
refused in the error summary, and the right one signs them out for good."""

import json

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mentor_downloads_their_data_then_deletes_their_account(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto("/profile/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    data = json.loads(download.value.path().read_text())
    assert data["account"]["email"] == cast.mentor.email

    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account?")
    expect(page.get_by_text("Your pairing with Bola Board in 2026/27 pilot ends")).to_be_visible()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Yes, delete my account").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("That is not your password.")
    assert_accessible(page)

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Yes, delete my account").click()
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    assert User.objects.get(pk=cast.mentor.pk).deleted_at is not None

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("maya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(
        page.get_by_text("The email address and/or password you specified are not correct.")
    ).to_be_visible()
