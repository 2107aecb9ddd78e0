"""allauth's pages speak the site's sentence case ("Sign up", "Verify your email address"),
through the project's en_GB catalogue (locale/en_GB), which gives allauth's own words in
sentence case; and the compiled catalogue is the one its source says."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en_GB" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.*)"')


def heading(page: str) -> str:
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", page, re.S).group(1).strip()


@pytest.mark.parametrize(
    ("url_name", "role", "expected", "title_case"),
    [
        ("account_signup", None, "Sign up", "Sign Up"),
        ("account_email_verification_sent", None, "Verify your email address", "Your Email"),
        ("account_logout", "outsider", "Sign out", "Sign Out"),
        ("account_change_password", "outsider", "Change password", "Change Password"),
        ("account_email", "outsider", "Email addresses", "Email Addresses"),
        ("mfa_index", "outsider", "Two-factor authentication", "Two-Factor"),
    ],
)
def test_allauths_pages_are_in_sentence_case(client, cast, url_name, role, expected, title_case):
    if role:
        sign_in_as(client, cast, role)

    page = client.get(reverse(url_name)).content.decode()

    assert heading(page) == expected
    assert title_case not in page
    assert re.search(r"<title>\s*(.*?)\s*·", page, re.S).group(1) == expected  # the tab too


def test_the_compiled_catalogue_says_what_its_source_says():
    entries = ENTRY.findall(CATALOGUE.read_text())
    assert len(entries) > 50
    with translation.override("en-gb"):
        for context, words, ours in entries:
            said = translation.pgettext(context, words) if context else translation.gettext(words)
            assert said == ours
            # allauth's words, only the case changed (and "Signup" written as two words)
            assert ours.lower().replace(" ", "") == words.lower().replace(" ", "")
