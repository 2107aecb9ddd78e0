"""A link sent to a second address that an account confirmed, the account switched off by the
office since, joins nothing: its page says the account is switched off and to ask the office,
as for a link to the address it signs in with, not to "ask the programme office to invite
the address you sign in with" (it cannot sign in at all). The account of an address is
found by the one rule (`accounts.adapter.account_of`)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.admin_pages import words
from tests.cast import switch_off
from tests.factories import invitation_to_a_place

pytestmark = pytest.mark.django_db

SECOND = "olu.second@example.org"


def test_the_page_of_a_link_to_its_second_address_says_it_is_switched_off(client, cast):
    EmailAddress.objects.create(user=cast.outsider, email=SECOND, verified=True)
    invitation_to_a_place(SECOND, token="tok-second-switched-off")
    switch_off(cast.outsider)

    response = client.get(reverse("invitation_accept", args=["tok-second-switched-off"]))

    page = words(response.content.decode())
    assert response.status_code == 410
    assert "invite the address you sign in with" not in page
    assert (
        f"The account of {SECOND} has been switched off, so it cannot sign in to accept this "
        "invitation. Only the programme office can switch it on again."
    ) in page


def test_an_address_typed_but_never_confirmed_is_not_the_switched_off_accounts(client, cast):
    """Anyone can type any address on their account: one never confirmed is not theirs."""
    EmailAddress.objects.create(user=cast.outsider, email=SECOND, verified=False)
    invitation_to_a_place(SECOND, token="tok-second-unconfirmed")
    switch_off(cast.outsider)

    page = words(
        client.get(reverse("invitation_accept", args=["tok-second-unconfirmed"])).content.decode()
    )

    assert "switched off" not in page
