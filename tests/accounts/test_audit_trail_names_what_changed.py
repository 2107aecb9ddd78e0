"""The audit trail names what changed as it was called when the row was written (the
applicant and programme, the pair's two people, the invitation's address, the board place's
person or address and programme), so a coordinator
reads "Pair #12: Maya Mentor and Bola Board", not a number; the name outlives the object,
holds nothing anyone typed, and a person whose account is deleted is named there no more."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from accounts.audit import Audited, audit_record_many
from accounts.models import AuditAction
from accounts.services import account_delete, invitation_create
from mentoring.models import ApplicationStatus, EndReason, Match
from mentoring.services.decisions import application_decide
from mentoring.services.matches import match_discard, match_end, match_propose
from mentoring.services.mentees import board_member_invite, board_member_remove
from tests.admin_pages import rows
from tests.factories import (
    BriefedBoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TRAIL = reverse("admin:accounts_auditevent_changelist")
SECRET = "Zebra-umbrella-7431 told me about the grievance"


def trail_read_by(client, coordinator, **query) -> list[str]:
    """What the "changed" column says, row by row, newest first."""
    client.force_login(coordinator)
    return [row["changed_object"] for row in rows(client.get(TRAIL, query))]


def names_table_as_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_auditobjectname")
        return repr(cursor.fetchall())


def test_a_decided_application_is_named_by_its_applicant_and_programme(client, cast):
    priya = MentorApplicationFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Priya Patel", email="priya@example.org"),
    )
    application_decide(application=priya, status=ApplicationStatus.DECLINED, by=cast.coordinator)

    assert trail_read_by(client, cast.coordinator) == [
        f"Mentor application #{priya.pk}: Priya Patel, 2026/27 pilot"
    ]


def test_a_withdrawn_proposal_is_still_named_by_its_two_people_once_it_is_gone(client, cast):
    mentor = MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Priya Patel", email="priya@example.org"),
    )
    member = BriefedBoardMemberFactory(
        programme=cast.programme,
        user=UserFactory(full_name="Grace Okafor", email="grace@example.com"),
    )
    proposal = match_propose(
        mentor=mentor, board_member=member, score=70, reasons=[], proposed_by=cast.coordinator
    )
    match_discard(match=proposal, by=cast.coordinator)

    assert not Match.objects.filter(pk=proposal.pk).exists()
    assert trail_read_by(client, cast.coordinator) == [
        f"Pair #{proposal.pk}: Priya Patel and Grace Okafor",
        f"Pair #{proposal.pk}: Priya Patel and Grace Okafor",
    ]


def test_a_board_place_removed_is_still_named_by_its_address_and_programme(client, cast):
    """The office adds an address with a typo to the board, then removes the place: the
    removal's row said "Board member #3", and nothing else ever could, the place gone."""
    place = board_member_invite(
        programme=cast.programme, email="vp-reserch@example.org", invited_by=cast.coordinator
    )
    board_member_remove(member=place, by=cast.coordinator)

    assert f"Board member #{place.pk}: vp-reserch@example.org, 2026/27 pilot" in trail_read_by(
        client, cast.coordinator, action__exact=AuditAction.DELETED
    )


def test_a_board_place_of_someone_with_an_account_is_named_by_them(client, cast):
    place = board_member_invite(
        programme=cast.programme, email=cast.outsider.email, invited_by=cast.coordinator
    )

    assert trail_read_by(client, cast.coordinator) == [
        f"Board member #{place.pk}: Olu Outsider, 2026/27 pilot"
    ]


def test_the_name_holds_nothing_anyone_typed(client, cast):
    match_end(match=cast.pair, reason=EndReason.COMPLETED, note=SECRET, by=cast.coordinator)

    assert trail_read_by(client, cast.coordinator, action__exact=AuditAction.PAIR_ENDED) == [
        f"Pair #{cast.pair.pk}: Maya Mentor and Bola Board"
    ]
    assert "Zebra" not in names_table_as_text()


def test_a_person_whose_account_is_deleted_is_named_in_the_trail_no_more(client, cast):
    invitation = invitation_create(email="bola@example.org", invited_by=cast.coordinator)
    other = invitation_create(email="dean@example.org", invited_by=cast.coordinator)
    assert f"Invitation #{invitation.pk}: bola@example.org" in trail_read_by(
        client, cast.coordinator
    )

    account_delete(user=cast.board_member, by=cast.coordinator)  # ends the pair, recorded

    shown = trail_read_by(client, cast.coordinator)
    assert f"Pair #{cast.pair.pk}: Maya Mentor and Deleted account" in shown
    assert f"Invitation #{invitation.pk}: Deleted account" in shown
    assert f"User #{cast.board_member.pk}: Deleted account" in shown
    assert f"Invitation #{other.pk}: dean@example.org" in shown  # someone else's stays
    assert "Bola" not in names_table_as_text()
    assert "bola@" not in names_table_as_text()


@pytest.mark.parametrize("count", [2, 20])
def test_a_batch_of_pairs_is_recorded_and_named_in_two_inserts(
    client, cast, django_assert_num_queries, count
):
    pairs = [
        match_propose(
            mentor=MentorFactory(
                programme=cast.programme, applicant=UserFactory(full_name=f"Mentor{n} Marsh")
            ),
            board_member=BriefedBoardMemberFactory(
                programme=cast.programme, user=UserFactory(full_name=f"Member{n} Moss")
            ),
            score=50,
            reasons=[],
            proposed_by=cast.coordinator,
        )
        for n in range(count)
    ]
    read = list(
        Match.objects.filter(pk__in=[pair.pk for pair in pairs]).select_related(
            "mentor__applicant", "board_member__user"
        )
    )

    # The rows, then the names beside them: the people were read with the pairs.
    with transaction.atomic(), django_assert_num_queries(2):
        audit_record_many(
            actor=cast.coordinator,
            action=AuditAction.PAIR_ENDED,
            changes=[
                Audited(pair, values={"end_reason": (None, EndReason.COMPLETED)}) for pair in read
            ],
        )

    named = trail_read_by(client, cast.coordinator, action__exact=AuditAction.PAIR_ENDED)
    assert sorted(named) == sorted(
        f"Pair #{pair.pk}: Mentor{n} Marsh and Member{n} Moss" for n, pair in enumerate(pairs)
    )
