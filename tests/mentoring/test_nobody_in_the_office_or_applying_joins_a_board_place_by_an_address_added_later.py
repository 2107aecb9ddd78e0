"""A board place is offered only to an address that is not the office's nor an applicant's
(`board_member_invite_problem`); the account that joins it is asked the same: an address a
coordinator or an applicant adds to their account afterwards, and signs in with, does not
make them a board member, whether they follow the invitation link (told why, the link kept)
or confirm the address."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.urls import reverse

from accounts.models import Invitation
from accounts.tokens import hash_token
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invite
from tests.admin_pages import words
from tests.factories import ProgrammeFactory, signs_in_with

pytestmark = pytest.mark.django_db

PRIVATE = "private.address@example.org"


@pytest.fixture
def place_offered(cast):
    """The office offers a board place at an address no account holds (so no rule stops it),
    with its invitation link."""
    member = board_member_invite(
        programme=cast.programme, email=PRIVATE, invited_by=cast.coordinator
    )
    # Its link, as the email gave it.
    assert Invitation.objects.filter(email=PRIVATE).update(token_hash=hash_token("the-link"))
    return member


def offered_in_two(cast, later):
    """A place in `later` offered too: "the-link" is now the newest invitation's, naming
    both programmes."""
    board_member_invite(programme=later, email=PRIVATE, invited_by=cast.coordinator)
    newest = Invitation.objects.filter(email=PRIVATE).latest("pk")
    Invitation.objects.filter(email=PRIVATE).exclude(pk=newest.pk).update(
        token_hash=hash_token("the-first-link")
    )
    Invitation.objects.filter(pk=newest.pk).update(token_hash=hash_token("the-link"))


REFUSED = pytest.mark.parametrize(
    ("who", "said"),
    [
        ("coordinator", "You are in the programme office"),
        ("other_mentor", "You have applied to be a mentor in 2026/27 pilot"),
    ],
)


@REFUSED
def test_following_the_link_with_an_address_added_since_is_refused_and_said(
    client, cast, place_offered, who, said
):
    person = signs_in_with(getattr(cast, who), PRIVATE)
    client.force_login(person)
    url = reverse("invitation_accept", args=["the-link"])

    page = client.post(url, follow=True)

    assert said in words(page.content.decode())
    place_offered.refresh_from_db()
    assert place_offered.user is None
    assert not BoardMember.objects.filter(user=person).exists()


@REFUSED
def test_the_invitation_page_says_why_before_anything_is_pressed(
    client, cast, place_offered, who, said
):
    client.force_login(signs_in_with(getattr(cast, who), PRIVATE))

    page = client.get(reverse("invitation_accept", args=["the-link"]))

    text = words(page.content.decode())
    assert said in text
    assert "Accept the invitation" not in text
    assert "The link stays as it is, for the office to change or withdraw." in text


def test_the_invitation_page_offers_accept_when_one_place_of_two_may_be_taken_saying_the_other(
    client, cast, place_offered
):
    later = ProgrammeFactory(name="2027/28 cohort")
    offered_in_two(cast, later)
    client.force_login(signs_in_with(cast.other_mentor, PRIVATE))

    page = client.get(reverse("invitation_accept", args=["the-link"]))

    text = words(page.content.decode())
    assert "Accept the invitation" in text
    # The place they may not take, said before they accept the other.
    assert "You have applied to be a mentor in 2026/27 pilot" in text


def test_confirming_an_address_added_since_joins_no_place_of_an_applicant(
    client, cast, place_offered
):
    person = signs_in_with(cast.other_mentor, PRIVATE)
    address = EmailAddress.objects.get(user=person, email=PRIVATE)

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    place_offered.refresh_from_db()
    assert place_offered.user is None


def test_a_link_to_two_programmes_joins_the_one_they_did_not_apply_to(client, cast, place_offered):
    later = ProgrammeFactory(name="2027/28 cohort")
    offered_in_two(cast, later)
    person = signs_in_with(cast.other_mentor, PRIVATE)
    client.force_login(person)

    client.post(reverse("invitation_accept", args=["the-link"]))

    assert list(BoardMember.objects.filter(user=person).values_list("programme", flat=True)) == [
        later.pk
    ]
    place_offered.refresh_from_db()
    assert place_offered.user is None
