"""A new invitation link, from the office's list, goes only to an address a board member's
place still waits for, and it and the invitation page name only the programmes still
waiting."""

import pytest
from django.urls import reverse

from accounts.models import Invitation
from mentoring.services.mentees import board_member_invite, board_member_remove
from tests.admin_pages import confirmed, signed_in_for_real, words
from tests.factories import ACCEPT_LINK, ProgrammeFactory

pytestmark = pytest.mark.django_db

INVITATIONS = reverse("admin:accounts_invitation_changelist")

office = signed_in_for_real("coordinator")


def test_a_removed_board_member_is_not_sent_a_new_link_from_the_invitations_list(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    """The office removes a board member who never joined (a mistyped or wrong address): the
    README says the row goes and the address is "no longer counted as invited, nor sent a
    new link". But the Invitations list still offers its withdrawn invitation to "Send a new
    link", and "Yes" emails a fresh link "to join 2026/27 pilot as a board member". The
    person who follows it gets an account that is a board member of nothing: their
    dashboard invites them to apply as a reverse mentor. The address should be left alone
    (named on the confirmation as having no board member's place waiting), and no email go."""
    with django_capture_on_commit_callbacks(execute=True):
        member = board_member_invite(
            programme=cast.programme, email="vp-reserch@example.org", invited_by=cast.coordinator
        )
    assert board_member_remove(member=member, by=cast.coordinator)
    mailoutbox.clear()
    [withdrawn] = Invitation.objects.filter(email="vp-reserch@example.org")
    assert withdrawn.is_revoked

    chosen = {"action": "resend", "_selected_action": [withdrawn.pk]}
    page = office.post(INVITATIONS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(INVITATIONS, {**chosen, **confirmed(page)}, follow=True)

    assert mailoutbox == [], "a link to a programme place that no longer exists was emailed"


def test_the_invitation_page_names_only_the_programmes_still_waiting_for_the_address(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    """Invited to two programmes before joining, the address's one link names both. The
    office then removes the place in one of them (the wrong cohort): the link is kept, since
    a place still waits in the other, but the invitation page still says "to join 2026/27
    pilot and 2027/28 cohort as a board member", and accepting joins only the cohort. The
    page (and a new link sent from the Invitations list, which copies the same words) should
    name only the programme whose place still waits."""
    cohort = ProgrammeFactory(name="2027/28 cohort", slug="cohort")
    with django_capture_on_commit_callbacks(execute=True):
        pilot_place = board_member_invite(
            programme=cast.programme, email="dvc@example.org", invited_by=cast.coordinator
        )
        board_member_invite(programme=cohort, email="dvc@example.org", invited_by=cast.coordinator)
    link = ACCEPT_LINK.search(mailoutbox[-1].body).group(1)
    assert board_member_remove(member=pilot_place, by=cast.coordinator)

    page = words(client.get(link).content.decode())

    assert "2027/28 cohort" in page
    assert "2026/27 pilot" not in page, "the page names a programme whose place was removed"
