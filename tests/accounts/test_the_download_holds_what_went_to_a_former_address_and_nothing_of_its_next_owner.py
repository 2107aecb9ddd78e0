"""A person's download holds what was sent to an address while it was theirs, as deleting
their account erases it as theirs: invitations, and emails written for no account. An address
they gave up and someone else signed up with later is the newcomer's from then on: the
invitation the earlier owner took up is not in the newcomer's download."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.models import Invitation
from accounts.outbox import outbox_write
from accounts.services import account_delete, user_data_export
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def moved_address(person) -> str:
    """`person` changes their address, as the profile does (the old one is kept as a former
    address, `FormerName`); returns the old one."""
    old = person.email
    person.email = "maya.new@example.org"
    person.save()
    EmailAddress.objects.filter(email=old).update(email=person.email)
    return old


def test_the_download_holds_what_went_to_her_former_address(cast):
    old = cast.mentor.email
    outbox_write(kind="x", to=old, subject="Zebu-1 join us", text="Dear Maya")
    InvitationFactory(email=old, invited_to="Zebu-2 another cohort")
    moved_address(cast.mentor)

    text = json.dumps(user_data_export(user=cast.mentor), cls=DjangoJSONEncoder)

    assert ("Zebu-1" in text, "Zebu-2" in text) == (True, True)


def test_the_download_holds_an_invitation_she_took_up_at_her_former_address(cast):
    invitation = InvitationFactory(email=cast.mentor.email, invited_to="Yak-3 board place")
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=timezone.now(), accepted_by=cast.mentor
    )
    moved_address(cast.mentor)

    invitations = user_data_export(user=cast.mentor)["invitations"]

    assert [item["for"] for item in invitations] == ["Yak-3 board place"]


def test_a_newcomer_at_her_former_address_does_not_see_her_invitation(cast):
    invitation = InvitationFactory(email=cast.mentor.email, invited_to="Yak-4 board place")
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=timezone.now(), accepted_by=cast.mentor
    )
    old = moved_address(cast.mentor)
    newcomer = UserFactory(full_name="New Starter", email=old)

    assert user_data_export(user=newcomer)["invitations"] == []


def test_the_newcomer_sees_what_was_sent_to_the_address_after_she_gave_it_up(cast):
    old = moved_address(cast.mentor)
    InvitationFactory(email=old, invited_to="Yak-5 board place")
    outbox_write(kind="x", to=old, subject="Yak-6 join us", text="Dear colleague")
    newcomer = UserFactory(full_name="New Starter", email=old)

    data = user_data_export(user=newcomer)
    mine = user_data_export(user=cast.mentor)

    assert [item["for"] for item in data["invitations"]] == ["Yak-5 board place"]
    assert [email["subject"] for email in data["emails_sent_to_you"]] == ["Yak-6 join us"]
    assert (mine["invitations"], mine["emails_sent_to_you"]) == ([], [])


def test_a_newcomer_at_her_former_address_sees_nothing_sent_to_it_before_she_had_it(
    cast, django_capture_on_commit_callbacks
):
    outbox_write(kind="x", to=cast.mentor.email, subject="Yak-7 join us", text="Dear Maya")
    InvitationFactory(email=cast.mentor.email, invited_to="Yak-8 another cohort")
    old = moved_address(cast.mentor)
    newcomer = UserFactory(full_name="New Starter", email=old)

    data = user_data_export(user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=newcomer, by=newcomer)
    mine = json.dumps(user_data_export(user=cast.mentor), cls=DjangoJSONEncoder)

    assert (data["invitations"], data["emails_sent_to_you"]) == ([], [])
    # Still Maya's: in her download, not erased with the newcomer's account.
    assert ("Yak-7" in mine, "Yak-8" in mine) == (True, True)
