"""An account that typed an address and never confirmed it loses it when its owner makes an
account with it (accounts.services.unconfirmed_claims_drop), and is told so by email, at the
address it signs in with: why the address went, never who took it."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import OutboxMessage
from accounts.services import UNCONFIRMED_ADDRESS_REMOVED_EMAIL, invitation_accept_new_user
from tests.cast import NELL, SIGN_UP
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def olu_typed_nells_address(cast):
    """Olu added nell@example.org to his account and never confirmed it."""
    return EmailAddress.objects.create(user=cast.outsider, email=NELL, verified=False)


def told(person) -> mail.EmailMultiAlternatives:
    (message,) = [m for m in mail.outbox if m.subject.startswith("An email address was removed")]
    assert message.to == [person.email]
    return message


def assert_names_nobody(message):
    text, html = message.body, message.alternatives[0][0]
    for words in (text, html):
        assert NELL in words
        assert "Nell" not in words
        assert "Newcomer" not in words
        assert "never confirmed" in words
        assert "someone has since made their own account here with it" in words
        assert "you still sign in with olu@example.org" in words


def test_signing_up_with_an_address_another_account_only_typed_tells_that_account(
    cast, olu_typed_nells_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(reverse("account_signup"), SIGN_UP).status_code == 302

    message = told(cast.outsider)
    assert message.subject == "An email address was removed from your account"
    assert message.body.startswith("Dear Olu,")
    assert_names_nobody(message)
    queued = OutboxMessage.objects.get(kind=UNCONFIRMED_ADDRESS_REMOVED_EMAIL)
    assert (queued.to, queued.recipient) == (cast.outsider.email, cast.outsider)


def test_accepting_an_invitation_to_an_address_another_account_only_typed_tells_that_account(
    cast, olu_typed_nells_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_accept_new_user(
            invitation=InvitationFactory(email=NELL),
            full_name="Nell Newcomer",
            password="a-long-and-unusual-passphrase",
        )

    assert_names_nobody(told(cast.outsider))
    assert not EmailAddress.objects.filter(user=cast.outsider, email=NELL).exists()


def test_nobody_is_told_when_no_other_account_typed_the_address(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(reverse("account_signup"), SIGN_UP).status_code == 302

    assert not OutboxMessage.objects.filter(kind=UNCONFIRMED_ADDRESS_REMOVED_EMAIL).exists()


def test_a_confirmed_address_of_another_account_is_kept_and_nobody_is_told(
    cast, django_capture_on_commit_callbacks
):
    """Confirmed, the address is Olu's: signing up with it makes no second account."""
    EmailAddress.objects.create(user=cast.outsider, email=NELL, verified=True)

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("account_signup"), SIGN_UP)

    assert EmailAddress.objects.filter(user=cast.outsider, email=NELL, verified=True).exists()
    assert not OutboxMessage.objects.filter(kind=UNCONFIRMED_ADDRESS_REMOVED_EMAIL).exists()
