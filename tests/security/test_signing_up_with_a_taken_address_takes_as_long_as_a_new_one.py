"""Signing up with an address that has an account answers as a new one does, in the same
time: the password is hashed either way, so timing does not tell who has an account."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from tests.cast import AMARA_SIGN_UP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def passwords_hashed_signing_up(email: str) -> int:
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        response = Client().post(reverse("account_signup"), {**AMARA_SIGN_UP, "email": email})
    assert response.url == reverse("account_email_verification_sent")
    return encode.call_count


def test_signing_up_with_an_address_that_has_an_account_takes_as_long_as_a_new_one(cast):
    """Both answer with the same page (allauth emails the owner instead), but a new address
    has its password hashed and the taken one not: with the production hasher (Argon2) the
    taken address was answered in about 45 ms against about 450 ms for a new one, so anyone
    could tell who has an account. The suite's hasher is MD5, so the hashing is counted."""
    UserFactory(email="taken@example.org")

    new = passwords_hashed_signing_up("new@example.org")
    taken = passwords_hashed_signing_up("taken@example.org")

    assert new == 1
    assert taken == new
