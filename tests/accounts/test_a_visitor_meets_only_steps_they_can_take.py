"""What a visitor and a new person meet: a limit reached answers with the site's own page,
in its words; no page offers a sign-up while sign-up is closed (accounts are then made by
invitation); odd addresses, tokens and sign-ins answer with a page, never a server error,
and sign-in never sends anyone off the site."""

import pytest
from django.urls import reverse

from mentoring.models import Programme
from tests.factories import PASSWORD, closed_now

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Amara Okafor",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


# --- a limit reached ------------------------------------------------------------------------


def test_too_many_password_resets_for_one_address_answer_with_the_sites_own_page(client, cast):
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "maya@example.org"})

    response = client.post(reverse("account_reset_password"), {"email": "maya@example.org"})

    assert response.status_code == 429
    page = response.content.decode()
    # The site's shell: a language for screen readers, the main landmark, a way back.
    assert '<html lang="en-GB"' in page
    assert 'id="main"' in page
    assert 'href="/"' in page
    # Said in the site's words, not "429 Too Many Requests".
    assert "429 Too Many Requests" not in page
    assert "<h1>Too many attempts</h1>" in page
    assert "Wait a minute, then try again." in page


def test_too_many_sign_ups_from_one_place_answer_with_the_sites_own_page(client, cast):
    for number in range(20):
        client.post(reverse("account_signup"), {**SIGNUP, "email": f"x{number}@example.org"})

    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "late@example.org"})

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="en-GB"' in page
    assert 'id="main"' in page
    assert "429 Too Many Requests" not in page


# --- sign-up closed --------------------------------------------------------------------------


def test_a_recruiting_programme_offers_no_sign_up_while_sign_up_is_closed(client, cast, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = []

    page = client.get(reverse("programme_detail", args=["pilot"])).content.decode()

    # The sign-up page would only say "Sign up closed".
    assert reverse("account_signup") not in page
    assert "Sign up to apply" not in page
    assert "Sign in to apply" in page
    assert "ask the programme office" in page


def test_the_start_page_without_a_programme_offers_no_sign_up_while_it_is_closed(
    client, cast, settings
):
    settings.ALLOWED_SIGNUP_DOMAINS = []
    Programme.objects.update(**closed_now())

    page = client.get("/").content.decode()

    assert "No programme is running just now" in page
    assert reverse("account_signup") not in page


def test_the_sign_in_page_offers_no_sign_up_while_it_is_closed(client, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = []

    page = client.get(reverse("account_login")).content.decode()

    assert reverse("account_signup") not in page
    assert "Accounts are made by invitation: the programme office emails you one." in page


# --- odd input, and where sign-in leads ------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/", "https://evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_sign_in_never_goes_off_site(client, cast, next_url):
    response = client.post(
        reverse("account_login") + "?next=" + next_url,
        {"login": "olu@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_sign_up_of_an_address_with_an_account_answers_as_a_new_one(client, cast):
    taken = client.post(reverse("account_signup"), {**SIGNUP, "email": "MAYA@example.org"})
    new = client.post(reverse("account_signup"), {**SIGNUP, "email": "fresh@example.org"})
    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/confirm-email/%00/",
        "/accounts/confirm-email/" + "x" * 3000 + "/",
        "/accounts/password/reset/key/%00-abc/",
        "/accounts/invitation/" + "x" * 5000 + "/",
        "/accounts/invitation/%00/",
        "/programmes/" + "a" * 100 + "/",
        "/apply/?programme=%00",
        "/accounts/login/?next=%00",
    ],
)
def test_odd_addresses_answer_without_a_server_error(client, cast, path):
    assert client.get(path).status_code < 500


@pytest.mark.parametrize(
    "data",
    [
        {"login": "a" * 400 + "@example.org", "password": "x"},
        {"login": "maya@example.org\x00", "password": "x"},
        {"login": "maya@example.org", "password": "x" * 10000},
    ],
)
def test_odd_sign_ins_answer_without_a_server_error(client, cast, data):
    assert client.post(reverse("account_login"), data).status_code == 200
