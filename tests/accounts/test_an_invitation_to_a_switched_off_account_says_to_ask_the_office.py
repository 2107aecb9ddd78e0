"""A link to an address whose account the office switched off after sending it joins
nothing: the account can neither sign in to accept it ("This account is inactive") nor
reset its password (nobody is emailed). Its page says so and to ask the office, as adding a
switched-off account as a board member tells the office to switch it on first."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.services import InvitationError, invitation_accept_existing_user
from tests.admin_pages import words
from tests.cast import switch_off
from tests.factories import invitation_to_a_place

pytestmark = pytest.mark.django_db


def test_the_page_says_the_account_is_switched_off_and_asks_for_nothing(client, cast):
    invitation_to_a_place(cast.outsider.email, token="tok-switched-off")
    switch_off(cast.outsider)

    response = client.get(reverse("invitation_accept", args=["tok-switched-off"]))

    page = words(response.content.decode())
    assert response.status_code == 410
    assert "Sign in to accept" not in page
    assert "Reset it" not in page
    assert (
        "The account of olu@example.org has been switched off, so it cannot sign in to "
        "accept this invitation. Only the programme office can switch it on again. Nothing "
        "has been created. If you have a question about it, write to the programme office at "
        f"{settings.PROGRAMME_OFFICE_EMAIL} ."  # (the link ends)
    ) in page


def test_accepting_it_is_refused(cast):
    invitation = invitation_to_a_place(cast.outsider.email, token="tok-switched-off-race")
    switch_off(cast.outsider)

    with pytest.raises(InvitationError, match="has been switched off"):
        invitation_accept_existing_user(invitation=invitation, user=cast.outsider)

    invitation.refresh_from_db()
    assert not invitation.is_accepted


def test_switched_on_again_it_asks_them_to_sign_in(client, cast):
    invitation_to_a_place(cast.outsider.email, token="tok-switched-on")

    page = words(
        client.get(reverse("invitation_accept", args=["tok-switched-on"])).content.decode()
    )

    assert "Sign in to accept" in page
