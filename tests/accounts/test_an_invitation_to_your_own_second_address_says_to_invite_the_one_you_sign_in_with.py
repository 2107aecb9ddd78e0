"""A link to an address the signed-in account has confirmed as its second address cannot be
accepted by anyone: not by that account (an invitation is accepted with the address one
signs in with), nor by a new one (the address is taken). Its page says so and what to ask
for, rather than offering to sign out, which would only lead to "an address of another
account": the one just signed out of."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from tests.admin_pages import words
from tests.factories import invitation_to_a_place

pytestmark = pytest.mark.django_db

SECOND = "olu.second@example.org"


@pytest.fixture
def link(cast) -> str:
    EmailAddress.objects.create(user=cast.outsider, email=SECOND, verified=True)
    invitation_to_a_place(SECOND, token="tok-own-second")
    return reverse("invitation_accept", args=["tok-own-second"])


def test_the_page_says_it_is_an_address_of_your_account_and_whom_to_ask(client, cast, link):
    client.force_login(cast.outsider)

    page = words(client.get(link).content.decode())

    assert "Sign out and continue" not in page
    assert (
        f"{SECOND} is an address of your account, which you sign in to as olu@example.org."
    ) in page
    assert (
        "Ask the programme office to invite olu@example.org instead: write to them at "
        f"{settings.PROGRAMME_OFFICE_EMAIL} . Nothing has been created."  # (the link ends)
    ) in page


def test_asking_to_switch_anyway_keeps_them_signed_in_and_says_the_same(client, cast, link):
    client.force_login(cast.outsider)

    page = words(client.post(link, {"switch": "yes"}, follow=True).content.decode())

    assert "is already an address of another account here" not in page
    assert f"{SECOND} is an address of your account" in page
    assert client.get(reverse("dashboard")).status_code == 200


def test_someone_else_signed_in_is_still_offered_to_switch(client, cast, link):
    client.force_login(cast.mentor)

    page = words(client.get(link).content.decode())

    assert "Sign out and continue" in page
