"""The three pages that send someone a new link (an invitation, a board member's invitation,
a line manager's request): when the person uses their link (accepts, joins, answers) between
the confirmation page and "Yes", nothing is sent, and the office is told so, by name or by
count, rather than hearing nothing."""

import pytest
from django.urls import reverse

from accounts.models import Invitation
from accounts.services import invitation_accept_new_user
from mentoring.models import BoardMember, LineManagerRequest
from mentoring.services.line_managers import line_manager_answer
from mentoring.services.mentees import board_member_invite
from tests.admin_pages import confirmed, messages_shown
from tests.factories import (
    UserFactory,
    invitation_to_a_place,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

INVITATIONS = reverse("admin:accounts_invitation_changelist")
BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")
REQUESTS = reverse("admin:mentoring_linemanagerrequest_changelist")


def accepts(email: str, name: str) -> None:
    """The invitee opens the link they have and creates their account."""
    link = Invitation.objects.get(email=email, accepted_at=None, revoked_at=None)
    invitation_accept_new_user(invitation=link, full_name=name, password="a long passphrase 7")


def yes_after(office, changelist, action, objects, meanwhile, capture, **typed):
    """The confirmation for `objects`; then `meanwhile` happens; then "Yes" is pressed, with
    what the page's boxes hold (`typed`). The response to "Yes", and what it emailed."""
    chosen = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    page = office.post(changelist, chosen)
    meanwhile()
    with capture(execute=True) as callbacks:
        response = office.post(changelist, {**chosen, **confirmed(page), **typed}, follow=True)
    return response, callbacks


def test_an_invitation_accepted_before_yes_is_not_sent_again_and_the_office_is_told(
    office, mailoutbox, django_capture_on_commit_callbacks
):
    provost = invitation_to_a_place("provost@example.org")
    dean = invitation_to_a_place("dean@example.org")

    response, _ = yes_after(
        office,
        INVITATIONS,
        "resend",
        [provost, dean],
        lambda: accepts("provost@example.org", "Pat Provost"),
        django_capture_on_commit_callbacks,
    )

    assert messages_shown(response) == [
        "provost@example.org has accepted their invitation meanwhile, so no new link was sent.",
        "1 new invitation link sent.",
    ]
    assert [mail.to for mail in mailoutbox] == [["dean@example.org"]]
    assert Invitation.objects.filter(email="provost@example.org").count() == 1


def test_a_board_member_who_joined_before_yes_is_not_invited_again_and_the_office_is_told(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    board_member_invite(
        programme=cast.programme, email="dvc@example.org", invited_by=cast.superuser
    )
    member = BoardMember.objects.get(email="dvc@example.org")
    mailoutbox.clear()

    response, _ = yes_after(
        office,
        BOARD_MEMBERS,
        "resend_invitation",
        [member],
        lambda: accepts("dvc@example.org", "Dana Deputy"),
        django_capture_on_commit_callbacks,
    )

    member.refresh_from_db()
    assert member.user is not None  # joined through the link they had
    assert messages_shown(response) == ["1 had joined meanwhile, so was not emailed."]
    assert mailoutbox == []
    assert Invitation.objects.filter(email="dvc@example.org").count() == 1


def test_a_line_managers_request_answered_before_yes_is_not_sent_again_and_the_office_is_told(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = line_manager_asked(
        cast.programme,
        UserFactory(full_name="Lena Late", email="lena@example.org"),
        "lee@example.org",
        token="the-first-link",
    )

    def lee_answers():
        line_manager_answer(request=waiting, agreed=True, reason="", answered_by=None)
        mailoutbox.clear()  # the office hears of the agreement: not this page's doing

    response, _ = yes_after(
        office,
        REQUESTS,
        "send_again",
        [waiting],
        lee_answers,
        django_capture_on_commit_callbacks,
        email="lee@example.org",  # the address as the page shows it
    )

    assert messages_shown(response) == [
        "1 no longer waiting for an answer (answered, or the application decided, "
        "meanwhile), so not emailed."
    ]
    assert mailoutbox == []
    # The answer stands, and the link Lee used is the one on record.
    after = LineManagerRequest.objects.get(pk=waiting.pk)
    assert after.is_answered
    assert after.token_hash == waiting.token_hash


def test_of_two_line_managers_one_answered_before_yes_the_other_is_asked_again(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    lena = line_manager_asked(
        cast.programme,
        UserFactory(full_name="Lena Late", email="lena@example.org"),
        "lee@example.org",
    )
    omar = line_manager_asked(
        cast.programme,
        UserFactory(full_name="Owen Open", email="owen@example.org"),
        "oz@example.org",
    )

    def lee_answers():
        line_manager_answer(request=lena, agreed=False, reason="Too busy", answered_by=None)
        mailoutbox.clear()

    # Two were chosen, so the page had no address box; one left waiting does not ask for it.
    response, _ = yes_after(
        office,
        REQUESTS,
        "send_again",
        [lena, omar],
        lee_answers,
        django_capture_on_commit_callbacks,
    )

    assert messages_shown(response) == [
        "1 line manager asked again, with a new link.",
        "1 no longer waiting for an answer (answered, or the application decided, "
        "meanwhile), so not emailed.",
    ]
    assert [mail.to for mail in mailoutbox] == [["oz@example.org"]]
