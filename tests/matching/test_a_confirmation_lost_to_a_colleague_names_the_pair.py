"""Two coordinators decide the same proposal at once: one discards it while the other presses
"Yes" on the page confirming it. The confirmation waits for the discard, then says which pair
was not confirmed and that nobody was emailed: after "Accept all", one message of several."""

import pytest
from django.db import transaction

from matching.services import proposals_discard
from mentoring.models import Match
from tests.concurrency import needs_postgresql, started, until_waiting_for_a_lock
from tests.factories import CoordinatorFactory, MatchFactory
from tests.matching.board import board_url, confirmed, messages_shown


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_confirming_a_proposal_a_colleague_is_discarding_names_the_pair(
    client, coordinator, people, mailoutbox
):
    priya, grace = people["priya"], people["grace"]
    proposal = MatchFactory(mentor=priya, board_member=grace)
    client.force_login(coordinator)
    page = client.post(board_url(grace.programme, "accept"), {"match": proposal.pk})
    assert page.status_code == 200
    colleague = CoordinatorFactory(full_name="Carmen Colleague", email="carmen@example.org")

    # The colleague's discard holds the proposal while this coordinator presses "Yes".
    with transaction.atomic():
        assert proposals_discard(matches=[proposal], by=colleague) == 1
        thread, outcome = started(
            lambda: client.post(board_url(grace.programme, "accept"), confirmed(page), follow=True)
        )
        until_waiting_for_a_lock("the confirmation never waited for the discard")
    thread.join(30)
    assert "error" not in outcome, outcome

    assert messages_shown(outcome["result"]) == [
        "The pairing of "
        "Priya Patel and Grace Okafor was not confirmed and nobody was emailed: it is no longer "
        "open (accepted, discarded or replaced since)."
    ]
    assert not Match.objects.exists()
    assert mailoutbox == []
