"""A coordinator presses "Discard" on a proposal's row of the board they read before, and a
colleague (Carmen) has decided it since: confirmed it, or discarded it. Nothing is discarded,
and the board says so in the words "Accept" uses, never "0 proposals discarded." as if it
had worked. So too when Carmen confirms it while the discard waits for her."""

import pytest
from django.db import transaction
from django.test import Client

from matching.services import proposals_accept
from mentoring.models import Match, MatchStatus
from tests.concurrency import needs_postgresql, started, until_waiting_for_a_lock
from tests.factories import CoordinatorFactory, MatchFactory
from tests.matching.board import accept, board_url, messages_shown

NO_LONGER_OPEN = [
    "That proposal is no longer open (accepted, discarded or replaced since): nothing was changed."
]


def carmen() -> Client:
    """A colleague's browser, on the same board."""
    colleague = CoordinatorFactory(full_name="Carmen Colleague", email="carmen@example.org")
    browser = Client()
    browser.force_login(colleague)
    return browser


@pytest.mark.django_db
def test_discarding_a_proposal_a_colleague_confirmed_since_says_nothing_was_discarded(
    office, programme, priya, grace, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    with django_capture_on_commit_callbacks(execute=True):
        accept(carmen(), programme, proposal)
    introduced = len(mailoutbox)

    response = office.post(board_url(programme, "discard"), {"match": proposal.pk}, follow=True)

    assert messages_shown(response) == NO_LONGER_OPEN
    assert Match.objects.get(pk=proposal.pk).status == MatchStatus.ACTIVE
    assert len(mailoutbox) == introduced == 2


@pytest.mark.django_db
def test_discarding_a_proposal_a_colleague_discarded_since_says_nothing_was_discarded(
    office, programme, priya, grace
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    carmen().post(board_url(programme, "discard"), {"match": proposal.pk})

    response = office.post(board_url(programme, "discard"), {"match": proposal.pk}, follow=True)

    assert messages_shown(response) == NO_LONGER_OPEN
    assert not Match.objects.exists()


@pytest.mark.django_db
def test_discarding_an_open_proposal_says_it_was_discarded(office, programme, priya, grace):
    proposal = MatchFactory(mentor=priya, board_member=grace)

    response = office.post(board_url(programme, "discard"), {"match": proposal.pk}, follow=True)

    assert messages_shown(response) == ["1 proposal discarded."]
    assert not Match.objects.exists()


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_discarding_a_proposal_a_colleague_is_confirming_says_nothing_was_discarded(
    client, coordinator, people
):
    priya, grace = people["priya"], people["grace"]
    proposal = MatchFactory(mentor=priya, board_member=grace)
    client.force_login(coordinator)
    colleague = CoordinatorFactory(full_name="Carmen Colleague", email="carmen@example.org")

    # Carmen's confirmation holds the proposal while this coordinator presses "Discard".
    with transaction.atomic():
        assert len(proposals_accept(matches=[proposal], by=colleague).activated) == 1
        thread, outcome = started(
            lambda: client.post(
                board_url(grace.programme, "discard"), {"match": proposal.pk}, follow=True
            )
        )
        until_waiting_for_a_lock("the discard never waited for the confirmation")
    thread.join(30)
    assert "error" not in outcome, outcome

    assert messages_shown(outcome["result"]) == NO_LONGER_OPEN
    assert Match.objects.get(pk=proposal.pk).status == MatchStatus.ACTIVE
