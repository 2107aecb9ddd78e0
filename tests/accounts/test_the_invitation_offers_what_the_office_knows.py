"""Where an invitee creates their account, the page says what the programme office invited
them to, and asks only what the account needs (a name, a password); a new link says the same.
The role the office typed when inviting them is offered on their profile, the one place that
asks it (and what their mentor sees), rather than asked again."""

import re

import pytest
from django.urls import reverse

from accounts.models import Invitation
from accounts.services import invitation_create, invitation_resend
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invitation_resend, board_member_invite
from tests.factories import ACCEPT_INVITATION, ACCEPT_LINK

pytestmark = pytest.mark.django_db

ROLE_OFFERED = 'name="role_title" value="Deputy Vice-Chancellor (Research)"'
INVITED_TO = "to join 2026/27 pilot as a board member."


@pytest.fixture
def invite(cast, mailoutbox, django_capture_on_commit_callbacks):
    """Carmen invites the Deputy Vice-Chancellor to the pilot; the link in the email."""

    def invite(**member) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            board_member_invite(
                programme=cast.programme,
                email="dvc@example.org",
                invited_by=cast.coordinator,
                **member,
            )
        return newest_link(mailoutbox)

    return invite


def newest_link(mailoutbox) -> str:
    return ACCEPT_LINK.search(mailoutbox[-1].body).group(1)


def test_the_page_names_the_programme_and_asks_only_what_the_account_needs(client, invite):
    page = client.get(invite(role_title="Deputy Vice-Chancellor (Research)")).content.decode()

    assert INVITED_TO in page
    assert set(re.findall(r'<input [^>]*name="(\w+)"', page)) == {
        "csrfmiddlewaretoken",
        "full_name",
        "password1",
        "password2",
    }


def test_the_role_the_office_typed_is_offered_on_the_profile(client, invite):
    link = invite(role_title="Deputy Vice-Chancellor (Research)")
    client.post(link, ACCEPT_INVITATION)

    assert ROLE_OFFERED in client.get(reverse("profile")).content.decode()


@pytest.mark.parametrize("where", ["board members", "invitations"])
def test_a_new_link_says_the_same(
    client, cast, invite, mailoutbox, django_capture_on_commit_callbacks, where
):
    first = invite(role_title="Deputy Vice-Chancellor (Research)")

    with django_capture_on_commit_callbacks(execute=True):
        if where == "board members":
            board_member_invitation_resend(
                member=BoardMember.objects.get(email="dvc@example.org"),
                invited_by=cast.coordinator,
            )
        else:
            invitation_resend(
                invitation=Invitation.objects.get(email="dvc@example.org"),
                invited_by=cast.coordinator,
            )
    again = newest_link(mailoutbox)

    assert again != first
    assert INVITED_TO in client.get(again).content.decode()


def test_an_invitation_for_nothing_in_particular_names_the_programme_in_general(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="dvc@example.org", invited_by=coordinator)

    page = client.get(newest_link(mailoutbox)).content.decode()

    assert "to the reverse mentoring programme." in page
