import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse
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
    page.get_by_role("button", name="Confirm my address").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_label("Email").fill("amara@example.org")
    page.get_by_label("Password").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Amara")
    assert_accessible(page)


def test_a_refused_new_password_from_a_reset_link_is_summarised_and_focused(page, cast):
    key = {
        "uidb36": user_pk_to_url_str(cast.mentor),
        "key": default_token_generator.make_token(cast.mentor),
    }
    page.goto(reverse("account_reset_password_from_key", kwargs=key))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")

    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("shirt")
    page.get_by_role("button", name="Change my password").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="This password is too short.")).to_be_visible()
    expect(summary.get_by_role("link", name="The two passwords are not the same.")).to_be_visible()
    assert_accessible(page)
