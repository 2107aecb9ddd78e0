from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import Invitation, User
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_stores_emails_in_lower_case():
    user = User.objects.create_user(email="Ada.Lovelace@Example.ORG", password="x", full_name="Ada")
    assert user.email == "ada.lovelace@example.org"


def test_two_accounts_cannot_share_an_email_in_different_case():
    UserFactory(email="ada@example.org")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="ADA@example.org", full_name="Other")])


def test_a_superuser_is_a_coordinator():
    user = User.objects.create_superuser(email="root@example.org", password="x", full_name="R")
    assert user.is_coordinator


def test_a_staff_member_is_not_a_coordinator(staff_member):
    assert not staff_member.is_coordinator


def test_a_member_of_the_coordinators_group_is_a_coordinator(coordinator):
    assert User.objects.get(pk=coordinator.pk).is_coordinator
    assert coordinator.is_staff


def test_an_invitation_cannot_expire_before_it_was_created():
    now = timezone.now()
    with pytest.raises(IntegrityError):
        InvitationFactory(created_at=now, expires_at=now - timedelta(minutes=1))


def test_an_address_has_at_most_one_open_invitation():
    InvitationFactory(email="board@example.com")
    with pytest.raises(IntegrityError):
        InvitationFactory(email="Board@example.com")


def test_an_accepted_invitation_does_not_block_a_new_one():
    InvitationFactory(email="board@example.com", accepted_at=timezone.now())
    InvitationFactory(email="board@example.com")
    assert Invitation.objects.filter(email="board@example.com").count() == 2


def test_an_invitation_cannot_be_both_accepted_and_revoked():
    with pytest.raises(IntegrityError):
        InvitationFactory(accepted_at=timezone.now(), revoked_at=timezone.now())


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, "pending"),
        ({"accepted_at": timezone.now()}, "accepted"),
        ({"revoked_at": timezone.now()}, "revoked"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
    ],
)
def test_an_invitation_knows_its_status(changes, status):
    invitation = InvitationFactory.build(**changes)
    assert invitation.status == status
    assert invitation.is_pending is (status == "pending")
