"""Joining as a board member, as the people involved live it: the coordinator invites from the
programme office for a programme, the invitee reads an email naming the programme and the
office, creates an account and completes their profile. And what goes wrong: someone else
signed in on the browser, a link opened twice or too late, self sign-up with the address."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, OutboxMessage, User
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invite
from tests.admin_pages import confirmed, messages_shown, sign_in_for_real
from tests.factories import ACCEPT_INVITATION, ACCEPT_LINK, BoardFactory
from tests.opened_now import post_opened_now

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:mentoring_boardmember_add")


@pytest.fixture
def pilot(cast):
    cast.programme.office_email = "edi-office@example.org"
    cast.programme.save(update_fields=["office_email"])
    return cast.programme


@pytest.fixture
def invited(client, cast, pilot, mailoutbox, django_capture_on_commit_callbacks):
    """Carmen signs in through her authenticator and invites the Provost to the pilot; the
    email Jonathan receives. Carmen is signed out afterwards."""
    sign_in_for_real(client, cast, "coordinator")
    data = {
        "programme": pilot.pk,
        "email": "Provost@Example.org",
        "board": BoardFactory(name="Provost's Board").pk,
        "role_title": "Provost",
    }
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(INVITE, data)
        assert "Invite provost@example.org to 2026/27 pilot as a board member?" in (
            html.unescape(asked.content.decode())
        )
        assert mailoutbox == []
        response = client.post(INVITE, {**data, "confirmed": "yes"}, follow=True)
    assert (
        "An invitation link to 2026/27 pilot as a board member was emailed to"
        in (messages_shown(response)[0])
    )
    client.logout()
    [mail] = mailoutbox
    mailoutbox.clear()
    return mail


def link(mail) -> str:
    return ACCEPT_LINK.search(mail.body).group(1)


def page(response) -> str:
    """The page's text as read: tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+([.,:;)])", r"\1", " ".join(html.unescape(text).split()))


def test_a_board_member_goes_from_the_admin_invitation_to_a_completed_profile(
    client, pilot, invited
):
    # The email says what they are invited to and whom to ask, in text and in HTML.
    assert invited.to == ["provost@example.org"]
    assert invited.subject == "You are invited to join 2026/27 pilot as a board member"
    for body in (invited.body, invited.alternatives[0][0]):
        assert "to join 2026/27 pilot as a board member" in body
        assert "edi-office@example.org" in body
    assert f'href="https://mentoring.example.org{link(invited)}"' in invited.alternatives[0][0]
    assert Invitation.objects.get().invited_to == "2026/27 pilot as a board member"

    assert "Choose a password" in page(client.get(link(invited)))
    response = client.post(link(invited), ACCEPT_INVITATION, follow=True)

    jonathan = User.objects.get(email="provost@example.org")
    member = BoardMember.objects.get(email="provost@example.org")
    assert member.user == jonathan
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert messages_shown(response) == ["Welcome. Your account is ready."]  # one greeting
    assert "Complete your profile" in page(response)

    response = post_opened_now(
        client,
        reverse("profile") + "?programme=pilot",
        {
            "board": member.board_id,
            "role_title": "Provost",
            "department": "Provost's Office",
            "learning_goals": "What it is like to raise a concern here without positional power.",
            "themes": [pilot.themes.first().pk],
            "learning_style": "reflector",
            "interaction_approach": "diplomatic",
            "availability": ["1", "7"],
            "bio": "Provost for five years.",
        },
        follow=True,
    )

    assert "Your profile is saved." in messages_shown(response)
    member.refresh_from_db()
    assert member.is_profile_complete
    assert "Your profile is complete." in page(client.get(reverse("dashboard")))


def test_someone_else_signed_in_is_asked_before_being_signed_out(client, cast, invited):
    client.force_login(cast.mentor)

    response = client.get(link(invited))

    assert (
        "You are signed in as maya@example.org. This invitation is for provost@example.org."
        in page(response)
    )
    assert "Sign out and continue?" in page(response)
    # Posting the invitation's form without answering changes nothing either.
    client.post(link(invited), ACCEPT_INVITATION)
    assert client.session["_auth_user_id"] == str(cast.mentor.pk)
    assert not User.objects.filter(email="provost@example.org").exists()

    response = client.post(link(invited), {"switch": "yes"}, follow=True)

    assert "_auth_user_id" not in client.session
    assert "Choose a password" in page(response)
    client.post(link(invited), ACCEPT_INVITATION)
    assert client.session["_auth_user_id"] == str(User.objects.get(email="provost@example.org").pk)
    assert Invitation.objects.get().is_accepted


def test_an_invitation_opened_twice_says_it_has_been_accepted_and_to_sign_in(client, invited):
    """Followed again signed out (on another device, say), the link says its account exists
    and offers to sign in to the dashboard: never to ask the office for a new invitation,
    which cannot be sent to an address that has an account, nor that "nothing has been
    created"."""
    client.post(link(invited), ACCEPT_INVITATION)
    client.logout()

    response = client.get(link(invited))

    assert response.status_code == 200
    said = page(response)
    assert "This invitation has been accepted" in said
    assert "It was sent to provost@example.org and has been accepted" in said
    assert f'href="{reverse("account_login")}?next={reverse("dashboard")}"' in (
        response.content.decode()
    )
    assert "ask the programme office" not in said
    assert "Nothing has been created" not in said
    response = client.post(link(invited), {**ACCEPT_INVITATION, "full_name": "Someone Else"})
    assert User.objects.get(email="provost@example.org").full_name == "Jonathan Hale"


def test_an_invitation_opened_after_it_expired_says_so_and_creates_nothing(
    client, invited, time_machine
):
    time_machine.move_to(timezone.now() + timedelta(days=15))

    response = client.post(link(invited), ACCEPT_INVITATION)

    assert response.status_code == 410
    assert "This invitation expired on" in page(response)
    assert "ask the programme office to send you a new invitation" in page(response)
    assert not User.objects.filter(email="provost@example.org").exists()


def test_the_invited_address_cannot_be_taken_by_self_sign_up(client, invited, mailoutbox):
    """Nor does the page tell whoever types it that an invitation waits: it answers as for
    an address nobody was invited at, and the invited person is emailed to use their link."""
    signing_up = {
        "full_name": "Not Jonathan",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }

    response = client.post(
        reverse("account_signup"), {**signing_up, "email": "provost@example.org"}
    )
    stranger = Client().post(
        reverse("account_signup"), {**signing_up, "email": "nobody.invited@example.org"}
    )

    assert (response.status_code, response.url) == (stranger.status_code, stranger.url)
    assert "invitation" not in page(client.get(response.url)).lower()
    assert not User.objects.filter(email="provost@example.org").exists()
    reminded = OutboxMessage.objects.get(kind="account/email/invitation_waiting")
    assert reminded.to == "provost@example.org"
    assert reminded.subject == "Your invitation to Reverse mentoring is waiting for you"
    assert "please join through the link in your invitation email" in reminded.text
    # The invitation still works for the person it was sent to.
    client.post(link(invited), ACCEPT_INVITATION)
    assert User.objects.get(email="provost@example.org").full_name == "Jonathan Hale"


def test_a_coordinator_sends_a_new_link_that_names_the_same_programme_after_confirming(
    client, cast, pilot, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        board_member_invite(
            programme=pilot, email="provost@example.org", invited_by=cast.coordinator
        )
    [first] = mailoutbox
    mailoutbox.clear()
    sign_in_for_real(client, cast, "coordinator")
    changelist = reverse("admin:accounts_invitation_changelist")
    selected = {"action": "resend", "_selected_action": [Invitation.objects.get().pk]}

    confirmation = client.post(changelist, selected)

    assert "provost@example.org: 2026/27 pilot as a board member" in page(confirmation)
    assert mailoutbox == []
    assert Invitation.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {**selected, **confirmed(confirmation)})

    [mail] = mailoutbox
    assert mail.subject == "You are invited to join 2026/27 pilot as a board member"
    assert "edi-office@example.org" in mail.body
    assert link(mail) != link(first)
    old, new = Invitation.objects.order_by("created_at")
    assert old.is_revoked
    assert new.is_pending


def test_the_invitation_page_names_the_zone_of_the_time_it_expires(client, invited):
    """ "Expires at 09:40" is read as the reader's own clock: the page names the programme's
    zone, as the email does."""
    assert re.search(
        r"expires on \d+ \w+ \d{4}, \d\d:\d\d (GMT|BST)\.", page(client.get(link(invited)))
    )
