"""Where an invitee creates their account, the page says what the programme office invited
them to and offers the role the office typed when inviting them, rather than asking for it
again; a new link offers the same. An invitation without a role asks for one, as before."""

import re

import pytest

from accounts.models import Invitation
from accounts.services import invitation_create, invitation_resend
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invitation_resend, board_member_invite

pytestmark = pytest.mark.django_db

ACCEPT_LINK = re.compile(r"https://mentoring\.example\.org(/accounts/invitation/[\w-]+/)")
ROLE_OFFERED = 'name="job_title" value="Deputy Vice-Chancellor (Research)"'
AS_THE_OFFICE_GAVE_IT = "As the programme office gave it: change it if it is not right."


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


def test_the_page_names_the_programme_and_offers_the_role_the_office_typed(client, invite):
    page = client.get(invite(role_title="Deputy Vice-Chancellor (Research)")).content.decode()

    assert "to join 2026/27 pilot as a board member." in page
    assert ROLE_OFFERED in page
    assert AS_THE_OFFICE_GAVE_IT in page
    assert "For example: Provost." not in page


@pytest.mark.parametrize("where", ["board members", "invitations"])
def test_a_new_link_offers_the_same_role(
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
    assert ROLE_OFFERED in client.get(again).content.decode()


def test_without_a_role_from_the_office_they_are_asked_for_one(client, invite):
    page = client.get(invite()).content.decode()

    assert re.search(r'<input type="text" name="job_title" maxlength="150"', page)
    assert "For example: Provost." in page
    assert AS_THE_OFFICE_GAVE_IT not in page


def test_an_invitation_for_nothing_in_particular_names_the_programme_in_general(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="dvc@example.org", invited_by=coordinator)

    page = client.get(newest_link(mailoutbox)).content.decode()

    assert "to the reverse mentoring programme." in page
    assert "For example: Provost." in page
