"""An invitation link followed again, signed in, by the person who accepted it leads to
their dashboard: they have joined already."""

import pytest
from django.urls import reverse

from mentoring.services.mentees import board_member_invite
from tests.admin_pages import words
from tests.factories import ACCEPT_INVITATION, ACCEPT_LINK

pytestmark = pytest.mark.django_db


def test_an_invitation_opened_again_by_the_person_who_accepted_it_does_not_ask_them_to_sign_in(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    """A board member accepts their invitation (and is signed in), then later clicks the
    link in the email again, still signed in. The page answers 410 "This invitation link
    cannot be used ... Sign in with dvc@example.org instead" and "ask the programme office to
    send you a new invitation": steps they have passed (they are signed in, with that very
    account) and one that would make the office send a link for nothing. It should say they
    have joined already and lead to their dashboard."""
    with django_capture_on_commit_callbacks(execute=True):
        board_member_invite(
            programme=cast.programme, email="dvc@example.org", invited_by=cast.coordinator
        )
    link = ACCEPT_LINK.search(mailoutbox[-1].body).group(1)
    client.post(link, ACCEPT_INVITATION)
    assert client.get(reverse("dashboard")).status_code == 200  # signed in as the invitee

    again = client.get(link)
    page = words(again.content.decode())

    assert "Sign in with" not in page, "a signed-in invitee is told to sign in"
    assert "ask the programme office to send you a new invitation" not in page
