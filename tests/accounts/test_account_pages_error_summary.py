"""The account pages allauth draws (sign-in, sign-up, password reset, the second factor)
summarise their errors like every other page: one list at the top of the form, each message
linking to its field, and each message said once."""

import re

import pytest
from django.urls import reverse

from tests.cast import sign_in_as
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

MISMATCH = "The email address and/or password you specified are not correct."


def summary(page: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_a_malformed_address_for_a_password_reset_links_to_its_field(client):
    page = client.post(reverse("account_reset_password"), {"email": "not-an-email"})

    assert '<a class="alert-link" href="#id_email">Enter a valid email address.</a>' in summary(
        page.content.decode()
    )


def test_a_wrong_password_is_said_once_in_the_summary(client, cast):
    page = client.post(
        reverse("account_login"), {"login": cast.mentor.email, "password": "wrong"}
    ).content.decode()

    assert MISMATCH in summary(page)
    assert page.count(MISMATCH) == 1


def test_a_sign_up_with_nothing_filled_in_links_each_message_to_its_field(client, cast):
    page = client.post(reverse("account_signup"), {}).content.decode()

    links = re.findall(r'<a class="alert-link" href="#(id_\w+)">', summary(page))
    assert {"id_full_name", "id_email", "id_password1"} <= set(links)


def test_a_sign_up_with_nothing_filled_in_says_what_each_field_needs(client, cast):
    page = client.post(reverse("account_signup"), {}).content.decode()

    said = summary(page)
    for message in [
        "Enter your full name.",
        "Enter your work email address.",
        "Choose a password.",
        "Type the same password again.",
    ]:
        assert message in said
    assert "This field is required." not in page


def test_a_name_past_its_limit_is_refused_in_the_words_stated_beside_the_field(client, cast):
    before = client.get(reverse("account_signup")).content.decode()
    assert before.count("Up to 150 characters.") == 3  # full name, job title, department

    page = client.post(
        reverse("account_signup"),
        {"full_name": "x" * 100_000, "email": "someone@example.org", "password1": "p"},
    ).content.decode()

    assert "This can be up to 150 characters long. Please shorten it." in summary(page)
    assert "Ensure this value" not in page


def test_an_invitation_left_empty_says_what_each_field_needs(client):
    invitation_url = reverse("invitation_accept", args=["invitation-secret"])
    InvitationFactory(token="invitation-secret")

    page = client.post(invitation_url, {"full_name": ""}).content.decode()

    for message in ["Enter your full name.", "Choose a password.", "Type the same password again."]:
        assert message in summary(page)
    assert "This field is required." not in page


def test_the_password_reset_page_names_the_programme_office(client, settings):
    settings.PROGRAMME_OFFICE_EMAIL = "office@example.org"

    page = client.get(reverse("account_reset_password")).content.decode()

    assert 'href="mailto:office@example.org"' in page
    assert "contact us" not in page


@pytest.mark.parametrize(
    "page", ["account_login", "account_signup", "account_reset_password", "account_email"]
)
def test_allauths_forms_leave_empty_fields_to_the_summary_not_the_browser(client, cast, page):
    if page == "account_email":
        sign_in_as(client, cast, "mentor")

    forms = re.findall(r"<form [^>]*>", client.get(reverse(page)).content.decode())

    assert forms
    sign_out = reverse("account_logout")  # the navigation's button, with no fields
    assert all(
        "novalidate" in form for form in forms if 'method="post"' in form and sign_out not in form
    )


def test_the_sign_up_and_invitation_pages_state_their_rules_before_anyone_breaks_them(
    client, settings
):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.org"]
    InvitationFactory(token="invitation-secret")

    sign_up = client.get(reverse("account_signup")).content.decode()
    invitation = client.get(reverse("invitation_accept", args=["invitation-secret"])).content
    invitation = invitation.decode()

    assert "Your work address, ending in @example.org." in sign_up
    assert "at least 10 characters" in invitation


def test_the_sign_in_page_says_who_signs_up_and_who_is_invited(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "<h1>Sign in</h1>" in re.sub(r"\s*(<h1[^>]*>)\s*(.*?)\s*(</h1>)", r"\1\2\3", page)
    assert "board members join through the invitation the programme office emails them" in page
    assert "please sign up" not in page
