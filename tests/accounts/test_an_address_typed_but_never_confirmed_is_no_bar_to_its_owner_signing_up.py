"""An address is an account's when it signs in with it or has confirmed it
(accounts.adapter.account_of). One that someone typed on their account (/accounts/email/) and
never confirmed is not theirs: its owner signs up with it as if nobody had, and the account
that typed it loses it as the new one is made, so no old link can confirm it there later."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.admin_pages import words
from tests.cast import NELL, SIGN_UP
from tests.factories import ACCEPT_INVITATION, PASSWORD, invitation_to_a_place

pytestmark = pytest.mark.django_db


def claims_address(client, person, address: str) -> None:
    """`person` signs in and adds `address` on /accounts/email/, which allauth keeps
    unconfirmed until a link sent to it is followed (never, here)."""
    signed_in = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    added = client.post(reverse("account_email"), {"action_add": "", "email": address})
    assert added.status_code == 302
    assert EmailAddress.objects.filter(user=person, email=address, verified=False).exists()
    cache.clear()  # past allauth's wait between two emails to one address


def signs_up(mailoutbox, capture) -> None:
    mailoutbox.clear()
    with capture(execute=True):
        page = Client().post(reverse("account_signup"), SIGN_UP, follow=True)
    assert "Verify your email address" in words(page.content.decode())


def test_its_owner_signs_up_and_is_asked_to_confirm_it(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    claims_address(client, cast.outsider, NELL)

    signs_up(mailoutbox, django_capture_on_commit_callbacks)

    nell = User.objects.get(email=NELL)
    assert nell.full_name == "Nell Newcomer"
    # Besides Olu's notice that the address left his account (its own test file).
    [email] = [message for message in mailoutbox if message.to == [NELL]]
    assert "You already have an account" not in email.subject
    assert "/accounts/confirm-email/" in email.body


def test_the_account_that_only_typed_it_no_longer_has_it(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    claims_address(client, cast.outsider, NELL)

    signs_up(mailoutbox, django_capture_on_commit_callbacks)

    assert list(EmailAddress.objects.filter(email=NELL).values_list("user", flat=True)) == [
        User.objects.get(email=NELL).pk
    ]
    # Olu's addresses, as his page lists them.
    listed = words(client.get(reverse("account_email")).content.decode())
    assert NELL not in listed.split("associated with your account:")[1]


def test_an_address_another_account_confirmed_still_makes_no_account(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    EmailAddress.objects.create(user=cast.outsider, email=NELL, verified=True)

    signs_up(mailoutbox, django_capture_on_commit_callbacks)

    assert not User.objects.filter(email=NELL).exists()
    [email] = mailoutbox
    assert email.subject.startswith("You already have an account")
    assert EmailAddress.objects.get(email=NELL).user == cast.outsider


def test_accepting_an_invitation_to_it_also_takes_it_from_the_account_that_only_typed_it(
    client, cast
):
    claims_address(client, cast.outsider, NELL)
    invitation_to_a_place(NELL, token="tok-typed-elsewhere")

    Client().post(reverse("invitation_accept", args=["tok-typed-elsewhere"]), ACCEPT_INVITATION)

    joined = User.objects.get(email=NELL)
    assert list(EmailAddress.objects.filter(email=NELL).values_list("user", "verified")) == [
        (joined.pk, True)
    ]
