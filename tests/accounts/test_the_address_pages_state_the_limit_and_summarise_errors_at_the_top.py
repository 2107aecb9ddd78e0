"""The pages where a person types an address follow the site's rule for forms: the sign-up
page states the 254 characters its address box holds, as every address box does, and the
email page says what it refused in one summary at the top, above the list of addresses and
its buttons (in the browser: tests/e2e/, the test of the same name)."""

import re

import pytest
from django.urls import reverse

from tests.admin_pages import sign_in_for_real

pytestmark = pytest.mark.django_db


def test_the_sign_up_pages_address_box_states_the_254_characters_it_holds(client):
    page = client.get(reverse("account_signup")).content.decode()

    box = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    assert 'maxlength="254"' in box
    help_text = re.search(r'<div id="id_email_helptext"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert "Your work address, ending in @example.org." in help_text  # the rule, still said
    assert "Up to 254 characters." in help_text


def test_an_address_refused_on_the_email_page_is_summarised_once_above_the_addresses(client, cast):
    sign_in_for_real(client, cast, "mentor")

    page = client.post(
        reverse("account_email"), {"action_add": "", "email": "someone@elsewhere.com"}
    ).content.decode()

    assert page.count("data-error-summary") == 1
    main = page[page.index("<main") :]
    assert main.index("data-error-summary") < main.index("<form"), "the summary is not at the top"
    assert "Accounts are for staff email addresses ending in @example.org." in page
