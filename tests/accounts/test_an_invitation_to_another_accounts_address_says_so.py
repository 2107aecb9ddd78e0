"""An invitation sent to an address that another account has confirmed as a second address
(allauth's /accounts/email/) makes no new account with it: the person is told why and what
to ask for, rather than meeting a server error (the address is unique among confirmed ones)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import Invitation, User
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_to_someones_second_address_makes_no_account_and_says_why(client, cast):
    EmailAddress.objects.create(user=cast.outsider, email="olu.second@example.org", verified=True)
    invitation = InvitationFactory(email="olu.second@example.org", token="tok-second")
    path = reverse("invitation_accept", args=["tok-second"])

    response = client.post(
        path,
        {
            "full_name": "Olu Second",
            "password1": "a long pass phrase 9",
            "password2": "a long pass phrase 9",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert (
        "olu.second@example.org is already an address of another account here"
        in response.content.decode()
    )
    assert not User.objects.filter(email__iexact="olu.second@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Invitation.objects.filter(accepted_by__isnull=False).exists()
