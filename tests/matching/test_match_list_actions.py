"""The admin list of matches ends active pairs with a reason and accepts proposals, checking
the same blocks as the board."""

import pytest
from django.urls import reverse

from mentoring.models import EndReason, Match, MatchStatus
from tests.factories import MatchFactory
from tests.matching.blocked_pairs import conflict_of_interest
from tests.matching.board import messages_shown

pytestmark = pytest.mark.django_db


CHANGELIST = reverse("admin:mentoring_match_changelist")


@pytest.mark.parametrize(
    ("action", "reason", "said"),
    [
        ("end_completed", EndReason.COMPLETED, "completed"),
        ("end_withdrawn", EndReason.WITHDRAWN, "withdrawn"),
        ("end_rematched", EndReason.REMATCHED, "rematched"),
    ],
)
def test_ending_matches_from_the_list_records_the_reason_and_date(
    office, programme, priya, tom, grace, harold, action, reason, said
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    proposal = MatchFactory(mentor=tom, board_member=harold)

    response = office.post(
        CHANGELIST, {"action": action, "_selected_action": [active.pk, proposal.pk]}, follow=True
    )

    assert messages_shown(response) == [
        f"1 match(es) ended ({said}). Add a note on each match if useful."
    ]
    active.refresh_from_db()
    assert (active.status, active.end_reason) == (MatchStatus.ENDED, reason)
    assert active.ended_at is not None
    proposal.refresh_from_db()  # only active pairs end
    assert (proposal.status, proposal.ended_at) == (MatchStatus.PROPOSED, None)


def test_accepting_proposals_from_the_list_checks_the_blocks_too(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    fine = MatchFactory(mentor=tom, board_member=grace)
    blocked = MatchFactory(mentor=priya, board_member=harold)
    conflict_of_interest(priya, harold)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            CHANGELIST,
            {"action": "accept_proposals", "_selected_action": [fine.pk, blocked.pk]},
            follow=True,
        )

    assert messages_shown(response) == [
        "1 pair(s) confirmed; both people have been emailed.",
        "Priya Patel and Harold Hughes cannot be paired: a conflict of interest is recorded "
        "between them.",
    ]
    assert list(Match.objects.active()) == [fine]
    assert len(mailoutbox) == 2
