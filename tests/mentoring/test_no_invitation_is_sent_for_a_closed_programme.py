"""A programme the office has closed takes no new board member, and so is nobody invited to
it again: "Send a new invitation…" on Board members, and "Send a new link…" on Invitations,
leave an address whose only place is in it alone, saying why, and write nothing to the
outbox. A link sent before it closed, followed after, joins nothing: its page says why, and
no account is made and no place joined (`why_no_board_member_joins`, one rule for them all
and for "Add")."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, OutboxMessage, User
from mentoring.models import BoardMember, ProgrammeStatus
from mentoring.services.mentees import (
    BoardMemberError,
    board_member_invitation_resend,
    board_member_invite,
    board_members_join,
)
from tests.admin_pages import (
    confirmed,
    messages_shown,
    recipients_named,
    signed_in_for_real,
    unchanged_named,
    words,
)
from tests.factories import ACCEPT_LINK, PASSWORD, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")
INVITATIONS = reverse("admin:accounts_invitation_changelist")
ENDED = "2026/27 pilot has ended, so nobody joins it any more."

office = signed_in_for_real("coordinator")


@pytest.fixture
def invited(cast, django_capture_on_commit_callbacks, mailoutbox):
    """The provost, invited to the pilot's board, has not joined yet."""
    with django_capture_on_commit_callbacks(execute=True):
        place = board_member_invite(
            programme=cast.programme, email="provost@example.org", invited_by=cast.coordinator
        )
    return place


def close(programme) -> None:
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def test_send_a_new_invitation_leaves_a_closed_programmes_place_alone_and_says_why(
    office, cast, invited
):
    close(cast.programme)
    chosen = {"action": "resend_invitation", "_selected_action": [invited.pk]}
    written = OutboxMessage.objects.count()

    page = office.post(BOARD_MEMBERS, chosen)

    assert recipients_named(page) == [], "a link to a closed programme is offered"
    assert unchanged_named(page) == [f"provost@example.org: {ENDED}"]
    assert "Nobody would be emailed, so there is nothing to confirm." in words(
        page.content.decode()
    )
    assert not [name for name, _ in confirmed(page).items() if name.startswith("seen-")]
    assert OutboxMessage.objects.count() == written


def test_yes_on_a_page_shown_before_the_programme_closed_sends_nothing_and_says_why(
    office, cast, invited, mailoutbox, django_capture_on_commit_callbacks
):
    """The confirmation was read while the pilot was open; a colleague closed it before
    "Yes"."""
    chosen = {"action": "resend_invitation", "_selected_action": [invited.pk]}
    page = office.post(BOARD_MEMBERS, chosen)
    assert recipients_named(page)
    close(cast.programme)
    link = Invitation.objects.get(email="provost@example.org")
    written = OutboxMessage.objects.count()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        after = office.post(BOARD_MEMBERS, {**chosen, **confirmed(page)}, follow=True)

    assert OutboxMessage.objects.count() == written, "an invitation was written to the outbox"
    assert mailoutbox == []
    assert messages_shown(after) == [f"{ENDED} No new link was sent to provost@example.org."]
    link.refresh_from_db()
    assert link.is_pending, "the link it had was replaced all the same"


def test_the_service_refuses_a_new_link_to_a_closed_programme(cast, invited):
    close(cast.programme)
    written = OutboxMessage.objects.count()

    with pytest.raises(BoardMemberError, match=ENDED):
        board_member_invitation_resend(member=invited, invited_by=cast.coordinator)

    assert OutboxMessage.objects.count() == written


def test_the_invitations_list_sends_no_new_link_to_a_closed_programme(
    office, cast, invited, django_capture_on_commit_callbacks
):
    close(cast.programme)
    link = Invitation.objects.get(email="provost@example.org")
    chosen = {"action": "resend", "_selected_action": [link.pk]}
    written = OutboxMessage.objects.count()

    page = office.post(INVITATIONS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(INVITATIONS, {**chosen, **confirmed(page)}, follow=True)

    assert recipients_named(page) == []
    assert unchanged_named(page) == [f"provost@example.org: {ENDED}"]
    assert OutboxMessage.objects.count() == written


def test_a_new_link_for_an_address_also_invited_elsewhere_names_only_the_open_programme(
    office, cast, invited, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = ProgrammeFactory(name="2027/28 cohort", slug="cohort")
    with django_capture_on_commit_callbacks(execute=True):
        board_member_invite(
            programme=cohort, email="provost@example.org", invited_by=cast.coordinator
        )
    close(cast.programme)
    mailoutbox.clear()
    place = BoardMember.objects.get(programme=cohort, email="provost@example.org")
    chosen = {"action": "resend_invitation", "_selected_action": [invited.pk, place.pk]}

    page = office.post(BOARD_MEMBERS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(BOARD_MEMBERS, {**chosen, **confirmed(page)}, follow=True)

    assert recipients_named(page) == ["provost@example.org: 2027/28 cohort as a board member"], (
        recipients_named(page)
    )
    [email] = mailoutbox
    assert "2027/28 cohort" in email.body
    assert "2026/27 pilot" not in email.body


def test_a_link_followed_after_the_programme_closed_joins_nothing_and_says_why(
    client, cast, invited, mailoutbox
):
    link = ACCEPT_LINK.search(mailoutbox[-1].body).group(1)
    close(cast.programme)

    page = client.get(link)
    sent = client.post(
        link, {"full_name": "Pat Provost", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert page.status_code == 410
    assert ENDED in words(page.content.decode())
    assert "Nothing has been created." in words(page.content.decode())
    assert sent.status_code == 410
    assert not User.objects.filter(email="provost@example.org").exists()
    invited.refresh_from_db()
    assert invited.user_id is None


def test_one_who_signs_up_after_it_closed_joins_nothing_and_their_old_link_says_why(
    client, cast, invited, mailoutbox
):
    """The provost makes an account themselves (their confirmed address joins the places
    waiting for it, `board_members_join`), then follows the link sent before it closed."""
    link = ACCEPT_LINK.search(mailoutbox[-1].body).group(1)
    close(cast.programme)
    provost = UserFactory(email="provost@example.org", full_name="Pat Provost")

    assert board_members_join(user=provost).count == 0
    client.force_login(provost)
    page = client.get(link)
    client.post(link)

    assert page.status_code == 410
    assert ENDED in words(page.content.decode())
    invited.refresh_from_db()
    assert invited.user_id is None, "their address joined a closed programme's board"
    assert Invitation.objects.get(email="provost@example.org").is_pending
