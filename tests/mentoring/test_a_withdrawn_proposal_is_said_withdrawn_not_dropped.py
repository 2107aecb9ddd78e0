"""Who called off a proposal its proposer withdrew is said in the word the rest of the app
uses for it, "withdrew", not "dropped": on the proposer's page when they press the button
again (another tab, a double click) and on the partner's when a log link for it is opened;
and once its time has come unanswered, its page offers its proposer to withdraw it, as the
page that button leads to says. "Dropped" stays for a partner's time that came unanswered."""

import pytest
from django.urls import reverse

from tests.admin_pages import words, words_at
from tests.cast import browser_of

pytestmark = pytest.mark.django_db


def _withdraw(browser, meeting, follow=False):
    return browser.post(
        reverse("meeting_cancel", args=[meeting.pk]),
        {"reason": "Diary clash", "sequence": meeting.sequence},
        follow=follow,
    )


def test_withdrawing_again_says_you_withdrew_it_already(cast, proposed_by_the_board_member):
    bola = browser_of(cast.board_member)
    _withdraw(bola, proposed_by_the_board_member)

    page = words(_withdraw(bola, proposed_by_the_board_member, follow=True).content.decode())

    assert "You withdrew this proposal already." in page
    assert "dropped" not in page


def test_a_log_link_for_a_proposal_its_proposer_withdrew_says_they_withdrew_it(
    cast, maya, bola, past_proposal
):
    _withdraw(bola, past_proposal)

    page = words(
        maya.get(reverse("meeting_log", args=[past_proposal.pk]), follow=True).content.decode()
    )

    assert "Bola withdrew this proposal, so it cannot be logged." in page
    assert "dropped this proposal" not in page


def test_a_partners_time_dropped_unanswered_is_still_said_dropped(cast, maya, bola, past_proposal):
    """Bola's time came unanswered and Maya, to whom it was proposed, dropped it."""
    _withdraw(maya, past_proposal)

    page = words(
        bola.get(reverse("meeting_log", args=[past_proposal.pk]), follow=True).content.decode()
    )

    assert "Maya dropped this proposal, so it cannot be logged." in page


def test_a_proposal_whose_time_came_offers_its_proposer_to_withdraw_it(
    cast, maya, bola, past_proposal
):
    url = reverse("meeting_detail", args=[past_proposal.pk])

    hers = words_at(bola, url)
    assert "If you met, log it; if not, withdraw this proposal." in hers
    assert "Withdraw this proposal (it did not happen)" in hers
    assert "Withdraw this proposal" in words_at(
        bola, reverse("meeting_cancel", args=[past_proposal.pk])
    )
    assert "drop this proposal" not in hers.lower()
    assert "drop the proposal" not in hers

    his = words_at(maya, url)
    assert "If you met, log it; if not, drop this proposal." in his
    assert "Drop this proposal (it did not happen)" in his
