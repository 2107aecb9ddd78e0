"""Every change to pairs on the match board, and in the admin's match list, writes one audit
row per pair: proposed, confirmed, withdrawn; a refused change writes none."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from mentoring.models import Match, MatchStatus
from tests.admin_pages import choose_and_confirm
from tests.factories import MatchFactory
from tests.matching.board import accept, optimal, proposed_before_room_lowered

pytestmark = pytest.mark.django_db

MATCHES = reverse("admin:mentoring_match_changelist")


def url(programme, action=""):
    return reverse(f"admin:matching_board{'_' + action if action else ''}", args=[programme.pk])


def trail() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk"))


def by_the_coordinator(rows, coordinator, since) -> bool:
    return all(
        row.actor == coordinator
        and row.actor_label == "Cora Coordinator <cora@example.org>"
        and since <= row.at <= timezone.now()
        for row in rows
    )


def test_proposing_a_pair_records_who_was_paired(office, coordinator, programme, people):
    since = timezone.now()

    office.post(
        url(programme, "propose"),
        {"mentor": people["priya"].pk, "board_member": people["grace"].pk},
    )

    match = Match.objects.get()
    [row] = trail()
    assert (row.action, row.object_label) == (AuditAction.PAIR_PROPOSED, f"Pair #{match.pk}")
    assert row.changes["mentor"] == {
        "old": None,
        "new": f"Mentor application #{people['priya'].pk}",
    }
    assert row.changes["board_member"] == {
        "old": None,
        "new": f"Board member #{people['grace'].pk}",
    }
    assert row.changes["status"] == {"old": None, "new": "proposed"}
    assert by_the_coordinator([row], coordinator, since)


def test_a_refused_proposal_writes_nothing(office, programme, people):
    MatchFactory(mentor=people["tom"], board_member=people["grace"])

    office.post(
        url(programme, "propose"),
        {"mentor": people["priya"].pk, "board_member": people["grace"].pk},
    )

    assert Match.objects.count() == 1
    assert trail() == []


def test_accepting_records_the_pair_confirmed_and_each_stale_proposal_withdrawn(
    office, coordinator, programme, people
):
    # Proposed while Priya had room for both: she now has room for one of them.
    chosen, stale = proposed_before_room_lowered(people["priya"], people["grace"], people["harold"])
    since = timezone.now()

    accept(office, programme, chosen)

    rows = trail()
    assert [(row.action, row.object_id) for row in rows] == [
        (AuditAction.PAIR_ACTIVATED, chosen.pk),
        (AuditAction.PAIR_WITHDRAWN, stale.pk),
    ]
    assert rows[0].changes["status"] == {"old": "proposed", "new": "active"}
    assert rows[1].changes["status"] == {"old": "proposed", "new": None}
    assert rows[1].changes["mentor"] == {
        "old": f"Mentor application #{people['priya'].pk}",
        "new": None,
    }
    assert rows[1].changes["board_member"] == {
        "old": f"Board member #{people['harold'].pk}",
        "new": None,
    }
    assert by_the_coordinator(rows, coordinator, since)


def test_accepting_every_proposal_at_once_writes_one_row_per_pair(
    office, coordinator, programme, people
):
    first = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    second = MatchFactory(mentor=people["tom"], board_member=people["harold"])
    since = timezone.now()

    accept(office, programme)

    rows = trail()
    assert sorted((row.action, row.object_id) for row in rows) == sorted(
        [(AuditAction.PAIR_ACTIVATED, first.pk), (AuditAction.PAIR_ACTIVATED, second.pk)]
    )
    assert by_the_coordinator(rows, coordinator, since)


def test_a_proposal_that_can_no_longer_be_accepted_writes_nothing(office, programme, people):
    MatchFactory(mentor=people["tom"], board_member=people["grace"], status=MatchStatus.ACTIVE)
    stale = MatchFactory(mentor=people["priya"], board_member=people["grace"])

    accept(office, programme, stale)

    stale.refresh_from_db()
    assert stale.status == MatchStatus.PROPOSED
    assert trail() == []


def test_discarding_on_the_board_records_the_proposal_withdrawn(
    office, coordinator, programme, people
):
    proposal = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    since = timezone.now()

    office.post(url(programme, "discard"), {"match": proposal.pk})
    office.post(url(programme, "discard"), {"match": proposal.pk})  # a second click

    assert not Match.objects.exists()
    [row] = trail()
    assert (row.action, row.object_label) == (AuditAction.PAIR_WITHDRAWN, f"Pair #{proposal.pk}")
    assert by_the_coordinator([row], coordinator, since)


def test_the_optimal_assignment_records_each_proposal_replaced_and_made(
    office, coordinator, programme, people
):
    replaced = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    since = timezone.now()

    optimal(office, programme)

    made = list(Match.objects.proposed().order_by("pk"))
    assert len(made) == 2
    rows = trail()
    assert [(row.action, row.object_id) for row in rows] == [
        (AuditAction.PAIR_WITHDRAWN, replaced.pk),
        *[(AuditAction.PAIR_PROPOSED, match.pk) for match in made],
    ]
    assert by_the_coordinator(rows, coordinator, since)


def test_the_match_lists_bulk_actions_record_each_pair(office, coordinator, programme, people):
    accepted = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    discarded = MatchFactory(mentor=people["tom"], board_member=people["harold"])
    since = timezone.now()

    choose_and_confirm(office, MATCHES, "accept_proposals", accepted)
    choose_and_confirm(office, MATCHES, "discard_proposals", discarded)

    rows = trail()
    assert [(row.action, row.object_id) for row in rows] == [
        (AuditAction.PAIR_ACTIVATED, accepted.pk),
        (AuditAction.PAIR_WITHDRAWN, discarded.pk),
    ]
    assert by_the_coordinator(rows, coordinator, since)
