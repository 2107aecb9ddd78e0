import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_staff_member_signs_up_confirms_their_email_and_sees_the_dashboard(page, mailoutbox):
    page.goto("/")
    assert_accessible(page)

    page.get_by_role("link", name="Sign up with your work email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    assert_accessible(page)

    page.get_by_label("Full name").fill("Amara Okafor")
    page.get_by_label("Email").fill("amara@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    page.get_by_label("Department (optional)").fill("Life Sciences")
    page.get_by_role("button", name="Sign up", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    assert_accessible(page)

    [mail] = mailoutbox
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mail.body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm email address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_label("Email").fill("amara@example.org")
    page.get_by_label("Password").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Amara")
    assert_accessible(page)
