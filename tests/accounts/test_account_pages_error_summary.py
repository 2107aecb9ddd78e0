"""The account pages allauth draws (sign-in, sign-up, password reset, the second factor)
summarise their errors like every other page: one list at the top of the form, each message
linking to its field, and each message said once."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import reverse

from tests.admin_pages import sign_in_for_real
from tests.cast import sign_in_as
from tests.factories import PASSWORD, InvitationFactory

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
        "Enter your email address.",
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


def reset_form_url(client, user) -> str:
    """The page a password-reset link leads to (allauth moves the key out of the address)."""
    key = {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}
    return client.get(reverse("account_reset_password_from_key", kwargs=key)).url


def reset_summary(client, user, password1: str, password2: str) -> str:
    form_url = reset_form_url(client, user)
    page = client.post(form_url, {"password1": password1, "password2": password2})
    return summary(page.content.decode())


def test_a_refused_new_password_from_a_reset_link_is_summarised_at_the_top(client, cast):
    said = reset_summary(client, cast.mentor, "short", "short")

    assert 'href="#id_password1">This password is too short.' in said
    assert "data-error-summary" in said  # where static/js/site.js moves the focus


def test_a_second_password_unlike_the_first_is_said_even_when_the_first_is_refused(client, cast):
    said = reset_summary(client, cast.mentor, "short", "shirt")

    assert 'href="#id_password1">This password is too short.' in said
    mismatch = '<a class="alert-link" href="#id_password2">The two passwords are not the same.</a>'
    assert said.count(mismatch) == 1


@pytest.mark.parametrize(
    ("page", "messages"),
    [
        ("account_login", ["Enter your email address.", "Enter your password."]),
        ("account_reset_password", ["Enter your email address."]),
        (
            "account_change_password",
            [
                "Enter your current password.",
                "Choose a password.",
                "Type the same password again.",
            ],
        ),
        ("reset from the emailed link", ["Choose a password.", "Type the same password again."]),
    ],
)
def test_each_empty_field_of_the_sign_in_and_password_forms_is_named_once(
    client, cast, page, messages
):
    if page == "account_change_password":
        sign_in_as(client, cast, "outsider")
    url = reset_form_url(client, cast.mentor) if page.startswith("reset") else reverse(page)

    said = summary(client.post(url, {}).content.decode())

    assert re.findall(r'<a class="alert-link" href="#id_\w+">(.*?)</a>', said) == messages
    assert "This field is required." not in said


def said_when_sent_empty(client, url: str, data=None) -> list[str]:
    page = client.post(url, data or {}).content.decode()
    said = summary(page)
    assert "This field is required." not in page
    return re.findall(r'<a class="alert-link" href="#id_\w+">(.*?)</a>', said)


def test_the_authenticator_step_of_signing_in_says_what_it_needs(client, cast):
    client.post(reverse("account_login"), {"login": cast.coordinator.email, "password": PASSWORD})

    # As the browser sends the form: the box, empty.
    assert said_when_sent_empty(client, reverse("mfa_authenticate"), {"code": ""}) == [
        "Enter the code from your authenticator app, or a recovery code."
    ]


def test_confirming_who_you_are_again_says_what_it_needs(client, cast):
    sign_in_for_real(client, cast, "outsider")
    assert said_when_sent_empty(client, reverse("account_reauthenticate"), {"password": ""}) == [
        "Enter your password."
    ]

    office = Client()
    sign_in_for_real(office, cast, "coordinator")
    assert said_when_sent_empty(office, reverse("mfa_reauthenticate"), {"code": ""}) == [
        "Enter the code from your authenticator app, or a recovery code."
    ]


def test_setting_up_an_authenticator_says_what_it_needs(client, cast):
    sign_in_for_real(client, cast, "outsider")
    # allauth asks for the password again before a second factor is set up.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    assert said_when_sent_empty(client, reverse("mfa_activate_totp"), {"code": ""}) == [
        "Enter the code from your authenticator app."
    ]


def test_adding_an_address_says_what_it_needs(client, cast):
    sign_in_for_real(client, cast, "outsider")

    assert said_when_sent_empty(client, reverse("account_email"), {"action_add": ""}) == [
        "Enter your email address."
    ]
