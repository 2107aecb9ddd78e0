"""Adding an email address asks a signed-in person to confirm it is them first, on a page in
the site's words that says why; the address is added once they have."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mentor_adding_an_address_confirms_it_is_them_first(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto("/accounts/email/")
    page.get_by_label("Email").fill("maya.home@example.org")
    page.get_by_role("button", name="Add email").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    expect(
        page.get_by_text("In case someone else is at a device you left signed in")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Send me a sign-in code")).to_be_visible()
    assert_accessible(page)
    assert not EmailAddress.objects.filter(email="maya.home@example.org").exists()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("Confirmation email sent to maya.home@example.org.")).to_be_visible()
    assert_accessible(page)
    assert EmailAddress.objects.filter(user=cast.mentor, email="maya.home@example.org").exists()
