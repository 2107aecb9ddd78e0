"""The office clearing an answer a board member's profile needs (on her admin page) leaves
the profile incomplete: the page says so, and what that changes for her, beside "changed
successfully"."""

import pytest

from mentoring.models import BoardMember
from tests.admin_pages import change_url, form_data, messages_shown
from tests.cast import a_proposal

pytestmark = pytest.mark.django_db


def saved_with(office, member, **answers) -> list[str]:
    """The messages shown after `member`'s page is saved with `answers` changed."""
    url = change_url(member)
    response = office.post(url, {**form_data(office.get(url)), **answers}, follow=True)
    return messages_shown(response)


def test_clearing_a_needed_answer_names_the_proposal_that_can_no_longer_be_accepted(cast, office):
    proposal = a_proposal(cast, "Nadia New", "Ben Newboard")

    shown = saved_with(office, proposal.board_member, learning_style="")

    assert not BoardMember.objects.get(pk=proposal.board_member.pk).is_profile_complete
    assert (
        "Ben Newboard's profile is no longer complete. Until it is, they are off the match "
        "board, and the proposed pairing with Nadia New cannot be accepted; their dashboard "
        "asks them to complete it."
    ) in shown


def test_clearing_a_needed_answer_of_someone_still_to_be_matched_says_they_leave_the_board(
    cast, office
):
    member = a_proposal(cast, "Nadia New", "Ben Newboard").board_member
    member.matches.all().delete()  # nobody proposed yet

    shown = saved_with(office, member, interaction_approach="")

    assert (
        "Ben Newboard's profile is no longer complete. Until it is, they are off the match "
        "board; their dashboard asks them to complete it."
    ) in shown


def test_clearing_a_needed_answer_of_someone_paired_says_their_pair_is_unchanged(cast, office):
    shown = saved_with(office, cast.pair.board_member, learning_goals="")

    assert (
        "Bola Board's profile is no longer complete. Nothing else changes for them: only "
        "matching needs a complete profile."
    ) in shown


def test_a_save_that_leaves_the_profile_complete_warns_of_nothing(cast, office):
    shown = saved_with(office, cast.pair.board_member, bio="Provost, and new to the city.")

    assert not [said for said in shown if "no longer complete" in said]
