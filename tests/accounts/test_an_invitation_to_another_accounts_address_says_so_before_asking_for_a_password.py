"""README ("How people get in"): a link to an address another account has confirmed as its
second address "says so and creates nothing". The page says so as it opens, rather than
asking for a name and a password for an account it will then refuse to make; the service
still refuses, for an address confirmed while the page was open."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from accounts.services import InvitationError, invitation_accept_new_user
from tests.factories import ACCEPT_INVITATION, InvitationFactory

pytestmark = pytest.mark.django_db

SECOND_ADDRESS = "olu.second@example.org"


def test_the_page_says_the_address_is_another_accounts_and_asks_for_no_password(client, cast):
    EmailAddress.objects.create(user=cast.outsider, email=SECOND_ADDRESS, verified=True)
    InvitationFactory(email=SECOND_ADDRESS, token="tok-second-get")

    page = client.get(reverse("invitation_accept", args=["tok-second-get"]))

    text = page.content.decode()
    assert 'name="password1"' not in text
    assert f"{SECOND_ADDRESS} is already an address of another account here" in text
    assert "Ask the programme office to invite the address you sign in with." in text
    assert "Nothing has been created." in text


def test_an_address_added_but_not_confirmed_is_no_bar(client, cast):
    EmailAddress.objects.create(user=cast.outsider, email=SECOND_ADDRESS, verified=False)
    InvitationFactory(email=SECOND_ADDRESS, token="tok-second-unconfirmed")

    page = client.get(reverse("invitation_accept", args=["tok-second-unconfirmed"]))

    assert 'name="password1"' in page.content.decode()


def test_an_address_confirmed_while_the_page_was_open_is_still_refused(cast):
    invitation = InvitationFactory(email=SECOND_ADDRESS, token="tok-second-race")
    EmailAddress.objects.create(user=cast.outsider, email=SECOND_ADDRESS, verified=True)

    with pytest.raises(InvitationError, match="invite the address you sign in with"):
        invitation_accept_new_user(
            invitation=invitation,
            full_name=ACCEPT_INVITATION["full_name"],
            password=ACCEPT_INVITATION["password1"],
        )

    assert not User.objects.filter(email__iexact=SECOND_ADDRESS).exists()
