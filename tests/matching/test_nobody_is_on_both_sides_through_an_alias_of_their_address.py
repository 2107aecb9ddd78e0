"""A mentor on the board by another address of theirs is still the same person, and is
never paired with themselves: not offered on the board, refused by the pair's check, left
out by the optimal assignment. Whose an address is reads one rule
(`mentoring.approval.mailbox`): a `+` alias reaches the same mailbox, and so does an
address the mentor's account holds beside its sign-in one."""

import pytest
from allauth.account.models import EmailAddress

from matching.services import pair_check
from mentoring.models import Match
from mentoring.services.matches import MatchError
from tests.factories import BriefedBoardMemberFactory, UserFactory
from tests.matching.board import blocked_reasons, board_url, candidate_names, messages_shown

pytestmark = pytest.mark.django_db

SAME_PERSON = "they are the same person"


def on_the_board_as(priya, address):
    """Priya on her programme's board by a second account at `address` (made from an
    invitation sent to it): her profile, times and themes all match her mentor's."""
    account = UserFactory(full_name="Priya Patel (board)", email=address)
    return BriefedBoardMemberFactory(
        programme=priya.programme,
        user=account,
        email=address,
        department="Provost's Office",
        themes=priya.programme.themes.all(),
        availability=priya.availability,
    )


def test_the_pair_check_refuses_a_mentor_with_herself_at_a_plus_alias(programme, priya):
    herself = on_the_board_as(priya, "priya+board@example.org")

    with pytest.raises(MatchError, match=SAME_PERSON):
        pair_check(mentor=priya, board_member=herself, reader=None)


def test_the_board_never_offers_her_to_herself(office, programme, priya):
    herself = on_the_board_as(priya, "Priya+Board@example.org")

    board = office.get(board_url(programme))

    assert "Priya Patel" not in candidate_names(board, herself)
    assert SAME_PERSON in blocked_reasons(board, herself)["Priya Patel"]


def test_the_optimal_assignment_leaves_her_out(office, programme, priya):
    on_the_board_as(priya, "priya+board@example.org")

    done = office.post(board_url(programme, "optimal"), follow=True)

    assert "Nobody could be proposed" in " ".join(messages_shown(done))
    assert not Match.objects.exists()


def test_an_address_added_on_the_mentors_account_counts_as_hers_too(programme, priya):
    """Her account holds "priya.patel@…" beside its sign-in address; she is on the board by a
    `+` alias of that one."""
    EmailAddress.objects.create(
        user=priya.applicant, email="priya.patel@example.org", verified=True
    )
    herself = on_the_board_as(priya, "priya.patel+board@example.org")

    with pytest.raises(MatchError, match=SAME_PERSON):
        pair_check(mentor=priya, board_member=herself, reader=None)
