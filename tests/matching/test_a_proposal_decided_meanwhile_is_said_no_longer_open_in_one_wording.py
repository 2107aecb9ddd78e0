"""A proposal accepted, discarded or replaced since a page showed it is said to be "no
longer open" in the same words wherever the office meets it: its row's "Accept" or
"Discard" clicked again, "Yes" on accepting it, and confirming it in code."""

import pytest

from matching.services import pair_activate
from mentoring.models import MatchStatus
from tests.admin_pages import confirmed, messages_shown
from tests.factories import MatchFactory
from tests.matching.board import accept, board_url

pytestmark = pytest.mark.django_db

NO_LONGER_OPEN = "no longer open (accepted, discarded or replaced since)"


def test_accepting_its_row_again_says_it_is_no_longer_open(office, programme, priya, grace):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    accept(office, programme, proposal, follow=True)

    again = office.post(board_url(programme, "accept"), {"match": proposal.pk}, follow=True)

    assert messages_shown(again) == [f"That proposal is {NO_LONGER_OPEN}: nothing was changed."]


def test_yes_on_a_proposal_a_colleague_accepted_says_the_same(office, programme, priya, grace):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    page = office.post(board_url(programme, "accept"))
    accept(office, programme, proposal, follow=True)  # in another tab

    done = office.post(board_url(programme, "accept"), confirmed(page), follow=True)

    assert messages_shown(done) == [
        "Nothing was confirmed and nobody was emailed: the proposals that page named are "
        f"{NO_LONGER_OPEN}."
    ]


@pytest.mark.parametrize("status", [MatchStatus.ACTIVE, MatchStatus.ENDED])
def test_confirming_one_decided_already_says_the_same(coordinator, priya, grace, status):
    decided = MatchFactory(mentor=priya, board_member=grace, status=status)

    with pytest.raises(Exception) as refused:  # noqa: PT011 (the words are what is tested)
        pair_activate(match=decided, by=coordinator)

    assert str(refused.value) == (
        "The pairing of "
        "Priya Patel and Grace Okafor was not confirmed and nobody was emailed: the proposal "
        f"is {NO_LONGER_OPEN}."
    )
