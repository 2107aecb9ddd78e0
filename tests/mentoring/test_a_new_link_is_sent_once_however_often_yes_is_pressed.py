"""The three pages that send someone a new link (an invitation, a board member's invitation,
a line manager's request) send it once for each "Yes" the office saw: the same confirmation
posted twice, one after the other or at the same moment, emails each person once; the second
says the link was already sent and left alone, and the first link keeps working."""

import pytest
from django.urls import reverse

from accounts.mail import with_zone
from accounts.models import Invitation, OutboxMessage
from accounts.services import InvitationChanged, invitation_links_shown, invitation_resend
from mentoring.models import BoardMember, LineManagerRequest
from mentoring.services.applications import ApplicationError
from mentoring.services.line_managers import line_manager_request_resend
from mentoring.services.mentees import board_member_invitation_resend, board_member_invite
from tests.admin_pages import confirmed, messages_shown
from tests.concurrency import at_once, needs_postgresql
from tests.factories import (
    InvitationFactory,
    UserFactory,
    invitation_to_a_place,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

INVITATIONS = reverse("admin:accounts_invitation_changelist")
BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")
REQUESTS = reverse("admin:mentoring_linemanagerrequest_changelist")
WHEN = "j F Y, H:i"


def yes_twice(office, changelist, action, objects, capture, **typed):
    """The confirmation for `objects`, then its "Yes" posted twice (a double click), with
    what its boxes hold (`typed`)."""
    chosen = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    page = office.post(changelist, chosen)
    with capture(execute=True):
        first = office.post(changelist, {**chosen, **confirmed(page), **typed}, follow=True)
        second = office.post(changelist, {**chosen, **confirmed(page), **typed}, follow=True)
    return first, second


def sent_to(mailoutbox) -> list[str]:
    return sorted(mail.to[0] for mail in mailoutbox)


def open_link(email: str) -> Invitation:
    return Invitation.objects.get(email=email, accepted_at=None, revoked_at=None)


def already_sent(email: str) -> str:
    at = with_zone(open_link(email).created_at, WHEN)
    return (
        f"{email} was sent a new link at {at}, after the page you confirmed was shown; that "
        "link still works, and no other was sent."
    )


# --- one after the other ---------------------------------------------------------------------


def test_yes_twice_on_new_invitation_links_emails_each_address_once(
    office, mailoutbox, django_capture_on_commit_callbacks
):
    provost = invitation_to_a_place("provost@example.org")
    dean = invitation_to_a_place("dean@example.org")

    first, second = yes_twice(
        office, INVITATIONS, "resend", [provost, dean], django_capture_on_commit_callbacks
    )

    assert messages_shown(first) == ["2 new invitation links sent."]
    assert messages_shown(second) == [
        already_sent("dean@example.org"),
        already_sent("provost@example.org"),
    ]
    assert sent_to(mailoutbox) == ["dean@example.org", "provost@example.org"]
    # The link the first "Yes" sent is the one that works.
    assert Invitation.objects.filter(email="provost@example.org").count() == 2


def test_yes_twice_on_new_board_member_invitations_emails_each_once(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    board_member_invite(
        programme=cast.programme, email="dvc@example.org", invited_by=cast.superuser
    )
    member = BoardMember.objects.get(email="dvc@example.org")
    first_link = open_link("dvc@example.org")

    first, second = yes_twice(
        office, BOARD_MEMBERS, "resend_invitation", [member], django_capture_on_commit_callbacks
    )

    assert messages_shown(first) == ["1 invitation sent again."]
    assert messages_shown(second) == [already_sent("dvc@example.org")]
    assert sent_to(mailoutbox) == ["dvc@example.org"]
    first_link.refresh_from_db()
    assert first_link.is_revoked
    assert Invitation.objects.filter(email="dvc@example.org").count() == 2


def test_a_link_sent_by_a_colleague_after_the_page_was_shown_is_left_alone(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    provost = InvitationFactory(email="provost@example.org")
    chosen = {"action": "resend", "_selected_action": [provost.pk]}
    page = office.post(INVITATIONS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=provost, invited_by=cast.superuser)  # Sue, meanwhile
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(INVITATIONS, {**chosen, **confirmed(page)}, follow=True)

    assert messages_shown(response) == [already_sent("provost@example.org")]
    assert mailoutbox == []


def test_an_invitation_accepted_after_the_page_was_shown_is_not_sent_again(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    provost = InvitationFactory(email="provost@example.org")
    other = InvitationFactory(email="provost@example.org", revoked_at=provost.created_at)
    chosen = {"action": "resend", "_selected_action": [other.pk]}
    page = office.post(INVITATIONS, chosen)
    provost.accepted_at, provost.accepted_by = provost.created_at, cast.board_member
    provost.save(update_fields=["accepted_at", "accepted_by"])

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(INVITATIONS, {**chosen, **confirmed(page)}, follow=True)

    assert messages_shown(response) == [
        "provost@example.org has accepted their invitation meanwhile, so no new link was sent."
    ]
    assert mailoutbox == []


def test_yes_twice_on_a_line_managers_request_emails_once_and_keeps_the_first_link(
    client, office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = line_manager_asked(
        cast.programme,
        UserFactory(full_name="Lena Late", email="lena@example.org"),
        "lee@example.org",
        token="the-first-link",
    )

    first, second = yes_twice(
        office,
        REQUESTS,
        "send_again",
        [waiting],
        django_capture_on_commit_callbacks,
        email="lee@example.org",  # the address as the page shows it
    )

    assert messages_shown(first) == ["1 line manager asked again, with a new link."]
    sent = LineManagerRequest.objects.get(pk=waiting.pk)
    assert messages_shown(second) == [
        f"The line manager of Lena Late was sent a new link at {with_zone(sent.sent_at, WHEN)}, "
        "after the page you confirmed was shown; that link still works, and no other was sent."
    ]
    [mail] = mailoutbox
    assert mail.to == ["lee@example.org"]
    # The link in the one email answers; the time to answer counts from it.
    assert reverse("line_manager_answer", args=[sent.token]) in mail.body
    office.logout()
    answer = client.get(reverse("line_manager_answer", args=[sent.token]))
    assert "Lena Late has applied" in answer.content.decode()


def test_yes_without_the_page_shown_sends_nothing(office, mailoutbox):
    """A "Yes" that does not carry what its page showed (not the page's own form) sends no
    link: nothing says which link the office meant to replace."""
    provost = InvitationFactory(email="provost@example.org")

    office.post(
        INVITATIONS,
        {"action": "resend", "_selected_action": [provost.pk], "confirmed": "yes"},
    )

    assert Invitation.objects.filter(email="provost@example.org").count() == 1
    assert mailoutbox == []


# --- at the same moment ----------------------------------------------------------------------

ATTEMPTS = 3


def _at_once(*jobs):
    return at_once(*jobs, expected=(InvitationChanged, ApplicationError))


def _one_won(outcomes, won_type):
    won = [o for o in outcomes if isinstance(o, won_type) and o is not False]
    lost = [o for o in outcomes if isinstance(o, InvitationChanged | ApplicationError)]
    assert len(won) == 1, outcomes
    assert len(lost) == 1, outcomes
    assert "no other was sent" in str(lost[0])


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_new_invitation_links_at_once_send_one(cast):
    for attempt in range(ATTEMPTS):
        email = f"racer{attempt}@example.org"
        invitation = InvitationFactory(email=email)
        seen = invitation_links_shown([email])[email]
        loaded = [Invitation.objects.get(pk=invitation.pk) for _ in range(2)]

        outcomes = _at_once(
            *(
                lambda i=i, seen=seen: invitation_resend(
                    invitation=i, invited_by=cast.coordinator, seen=seen
                )
                for i in loaded
            )
        )

        _one_won(outcomes, Invitation)
        assert OutboxMessage.objects.filter(to=email).count() == 1
        assert Invitation.objects.filter(email=email).count() == 2


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_board_member_invitations_sent_again_at_once_send_one(cast):
    for attempt in range(ATTEMPTS):
        email = f"racer{attempt}@example.org"
        member = board_member_invite(programme=cast.programme, email=email, invited_by=None)
        seen = invitation_links_shown([email])[email]
        loaded = [BoardMember.objects.select_related("programme").get(pk=member.pk) for _ in "ab"]

        outcomes = _at_once(
            *(
                lambda m=m, seen=seen: board_member_invitation_resend(
                    member=m, invited_by=cast.coordinator, seen=seen
                )
                for m in loaded
            )
        )

        _one_won(outcomes, bool)
        # The first invitation, and one new link.
        assert OutboxMessage.objects.filter(to=email).count() == 2


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_line_manager_requests_sent_again_at_once_send_one(cast):
    for attempt in range(ATTEMPTS):
        manager = f"boss{attempt}@example.org"
        waiting = line_manager_asked(
            cast.programme, UserFactory(email=f"racer{attempt}@example.org"), manager
        )
        loaded = [LineManagerRequest.objects.get(pk=waiting.pk) for _ in range(2)]
        seen = waiting.sent_mark  # what the office's page showed

        outcomes = _at_once(
            *(
                lambda r=r, seen=seen: line_manager_request_resend(
                    request=r, by=cast.coordinator, seen=seen
                )
                for r in loaded
            )
        )

        _one_won(outcomes, bool)
        assert OutboxMessage.objects.filter(to=manager).count() == 1
