"""The password-reset pages are in the site's words: titles, headings and buttons in
sentence case ("Reset your password", not allauth's "Password Reset"), and the office's
address instead of "contact us"."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TITLE_CASE = ["Password Reset", "Reset My Password", "Change Password", "Bad Token", "contact us"]


def title_and_heading(page: str) -> tuple[str, str]:
    title = re.search(r"<title>\s*(.*?)\s*·", page, re.S).group(1).strip()
    heading = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", page, re.S).group(1).strip()
    return title, heading


@pytest.mark.parametrize(
    ("url", "title", "heading"),
    [
        (reverse("account_reset_password"), "Reset your password", "Reset your password"),
        (reverse("account_reset_password_done"), "Reset your password", "Reset your password"),
        (
            reverse("account_reset_password_from_key", args=["x", "no-such-token"]),
            "Choose a new password",
            "This link no longer works",
        ),
        (
            reverse("account_reset_password_from_key_done"),
            "Password changed",
            "Password changed",
        ),
    ],
)
def test_the_password_reset_pages_are_in_sentence_case(client, url, title, heading):
    page = client.get(url, follow=True).content.decode()

    assert title_and_heading(page) == (title, heading)
    for words in TITLE_CASE:
        assert words not in page


def test_the_reset_button_is_in_sentence_case(client):
    page = client.get(reverse("account_reset_password")).content.decode()

    assert re.search(r"<button[^>]*>\s*Reset my password\s*</button>", page)
