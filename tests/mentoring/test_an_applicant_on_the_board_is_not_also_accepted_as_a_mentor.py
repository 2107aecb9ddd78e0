"""Nobody is both mentor and board member in one programme. Priya, declined as a mentor in
the pilot, is then added to its board (a declined application is no longer in the programme,
so `board_member_invite_problem` lets the office); accepting or wait-listing her application
again, from its page or in bulk, would put her on both sides of the match board. The office
may still decline it (`application_decision_problem`, ON_THE_BOARD)."""

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus
from mentoring.services.decisions import ON_THE_BOARD
from mentoring.services.mentees import board_member_invite
from tests.admin_pages import APPLICATIONS, confirmed, decide_url, messages_shown, unchanged_named
from tests.factories import BoardMemberFactory, application_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(cast, django_capture_on_commit_callbacks):
    """Priya's application to the pilot, declined; then she is invited to its board, and
    has joined it (her account is the one invited)."""
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        board_member_invite(
            programme=cast.programme, email="priya@example.org", invited_by=cast.coordinator
        )
    return priya


@pytest.mark.parametrize("status", [ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED])
def test_her_application_cannot_be_accepted_or_waitlisted_from_its_page(office, priya, status):
    page = office.get(reverse("admin:mentoring_mentorapplication_change", args=[priya.pk]))
    assert ON_THE_BOARD in page.content.decode()

    confirmation = office.get(f"{decide_url(priya, status)}?seen=declined")
    office.post(decide_url(priya, status), {"seen": "declined", "confirmed": "yes"})

    assert f"Priya Patel: {ON_THE_BOARD}" in unchanged_named(confirmation)
    assert "and email 1 applicant" not in confirmation.content.decode()
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.DECLINED


def test_nor_in_bulk_while_the_others_are_accepted(office, cast, priya, mailoutbox):
    sam = application_from(cast.programme, "Sam Submitted")
    chosen = {"action": "accept", "_selected_action": [priya.pk, sam.pk]}

    confirmation = office.post(APPLICATIONS, chosen)
    done = office.post(APPLICATIONS, {**chosen, **confirmed(confirmation)}, follow=True)

    assert f"Priya Patel: {ON_THE_BOARD}" in unchanged_named(confirmation)
    priya.refresh_from_db()
    sam.refresh_from_db()
    assert (priya.status, sam.status) == (ApplicationStatus.DECLINED, ApplicationStatus.ACCEPTED)
    assert "1 application accepted; each applicant has been emailed." in messages_shown(done)


def test_invited_and_not_yet_joined_she_is_on_the_board_too(office, cast):
    """Invited at her address but not yet joined: accepting her joins her to both sides as
    soon as she follows the link."""
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.DECLINED)
    BoardMemberFactory(programme=cast.programme, user=None, email="PRIYA@example.org")

    confirmation = office.get(f"{decide_url(priya, 'accepted')}?seen=declined")

    assert f"Priya Patel: {ON_THE_BOARD}" in unchanged_named(confirmation)


def test_declining_her_again_is_the_office_s_to_do(office, cast):
    """A board member's old application still submitted (added to the board by an earlier
    rule) may be declined."""
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.DECLINED)
    board_member_invite(
        programme=cast.programme, email="priya@example.org", invited_by=cast.coordinator
    )
    type(priya).objects.filter(pk=priya.pk).update(status=ApplicationStatus.SUBMITTED)

    confirmation = office.get(f"{decide_url(priya, 'declined')}?seen=submitted")

    assert "Yes, decline and email 1 applicant" in confirmation.content.decode()
