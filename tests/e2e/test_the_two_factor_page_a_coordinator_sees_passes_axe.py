"""The two-factor page a coordinator sees (why the authenticator app stays on, and the
suggestion to make recovery codes, with its link inside a sentence), and the page refusing
to switch the app off, pass axe at a desktop's width and a phone's."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import check_both_widths, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinators_two_factor_pages_pass_axe(page, cast):
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)

    page.goto(reverse("mfa_index"))
    page.get_by_role("link", name="Generate recovery codes").wait_for()
    check_both_widths(page)

    page.goto(reverse("mfa_deactivate_totp"))
    if "/reauthenticate/" in page.url:  # the password again, as after pressing "Deactivate"
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Back to two-factor authentication").wait_for()
    check_both_widths(page)
