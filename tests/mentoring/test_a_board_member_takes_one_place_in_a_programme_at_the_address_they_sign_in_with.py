"""A board member holds one place in a programme (a database constraint). A place offered
at another address of theirs, which they sign in with since, is not taken as a second one:
the invitation's page says why before any button, confirming the address joins nothing,
and the office's "Add" of the address they sign in with (or of a `+` alias, or an address
they confirmed) is refused, naming their place. None of it is a server error."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.urls import reverse

from accounts.models import Invitation
from accounts.tokens import hash_token
from mentoring.models import BoardMember
from mentoring.services.mentees import BoardMemberError, board_member_invite
from tests.admin_pages import words
from tests.factories import signs_in_with

pytestmark = pytest.mark.django_db

NEW = "bola.new@example.org"


@pytest.fixture
def second_place(cast):
    """The office offers a pilot place at an address nobody holds yet, which Bola, on the
    pilot's board already, then makes the one she signs in with."""
    place = board_member_invite(programme=cast.programme, email=NEW, invited_by=cast.coordinator)
    assert Invitation.objects.filter(email=NEW).update(token_hash=hash_token("the-link"))
    return place, signs_in_with(cast.board_member, NEW)


def test_the_invitation_page_says_why_and_offers_no_accept(client, cast, second_place):
    place, bola = second_place
    client.force_login(bola)
    url = reverse("invitation_accept", args=["the-link"])

    shown = words(client.get(url).content.decode())
    pressed = client.post(url)

    assert "You are a board member in 2026/27 pilot already" in shown
    assert "Accept the invitation" not in shown
    assert pressed.status_code == 200
    place.refresh_from_db()
    assert place.user is None
    assert BoardMember.objects.filter(user=bola).count() == 1


def test_confirming_the_address_joins_nothing_and_is_no_error(cast, second_place):
    place, bola = second_place
    address = EmailAddress.objects.get(user=bola, email=NEW)

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    place.refresh_from_db()
    assert place.user is None


def test_the_office_cannot_add_the_address_she_signs_in_with_to_her_programme(cast):
    bola = signs_in_with(cast.board_member, NEW)

    with pytest.raises(BoardMemberError, match="they are a board member in 2026/27 pilot already"):
        board_member_invite(programme=cast.programme, email=NEW, invited_by=cast.coordinator)

    assert BoardMember.objects.filter(user=bola).count() == 1


@pytest.mark.parametrize(
    "address",
    ["bola+board@example.org", "b.board@example.org"],
    ids=["a + alias of the address she signs in with", "an address she added and confirmed"],
)
def test_nor_another_address_reaching_her_own_mailbox(cast, address):
    """No invitation goes to a second place she could not take."""
    EmailAddress.objects.create(user=cast.board_member, email="b.board@example.org", verified=True)

    with pytest.raises(
        BoardMemberError,
        match=f"{re.escape(address)} reaches Bola Board's own mailbox .* they are a board "
        "member in 2026/27 pilot already",
    ):
        board_member_invite(programme=cast.programme, email=address, invited_by=cast.coordinator)

    assert not BoardMember.objects.filter(email=address).exists()
    assert not Invitation.objects.filter(email=address).exists()


def test_nor_an_alias_of_an_address_invited_and_not_joined_yet(cast):
    """The dean is invited at her address and has not joined: a second invitation at a `+`
    alias of it would be a second place for one person."""
    board_member_invite(
        programme=cast.programme, email="dean@example.org", invited_by=cast.coordinator
    )

    with pytest.raises(
        BoardMemberError, match=re.escape("reaches the mailbox of dean@example.org")
    ):
        board_member_invite(
            programme=cast.programme, email="dean+board@example.org", invited_by=cast.coordinator
        )

    assert not BoardMember.objects.filter(email="dean+board@example.org").exists()
