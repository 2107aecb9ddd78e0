"""A form refused because its page had expired (signed in again in another tab) gets a page
of the site, in plain words and with nothing inline, not Django's."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.every_page import inline_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_form_sent_after_signing_in_again_in_another_tab_gets_a_site_page_without_inline_style(
    cast,
):
    """A mentor (or a coordinator, whose session ends after 30 idle minutes) has a form open
    in one tab, signs in again in another, then presses Save in the first tab: signing in
    gave her a new CSRF token, so the old form's token is refused. She sees Django's built-in
    "Forbidden (403) CSRF verification failed. Request aborted." page: jargon, outside the
    site's layout, with no way back, and styled by a <style> element that the site's own
    Content Security Policy refuses (the browser reports a violation; README: "Nothing inline
    runs or styles a page"). She should see a page of the site (templates/403_csrf.html,
    extending base.html) saying in plain words that the page was out of date and nothing was
    saved, and offering to open it again: with nothing inline."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))  # the tab's form, with the token of that time
    old_token = client.cookies["csrftoken"].value
    client.post(
        reverse("account_login"),
        {"login": cast.mentor.email, "password": PASSWORD, "csrfmiddlewaretoken": old_token},
    )
    assert client.cookies["csrftoken"].value != old_token  # signing in rotated it

    response = client.post(reverse("profile"), {"csrfmiddlewaretoken": old_token})

    assert response.status_code == 403
    page = response.content.decode()
    assert inline_code(page) == [], "the policy refuses what styles this page"
    assert "CSRF" not in page, "the page speaks Django's jargon, not the site's words"
