"""A mentor is never paired with their line manager, named by any address that reaches them:
the sign-in one (however typed), another one their account holds, or a `+` alias. Whose an
address is is one rule (`mentoring.approval.mailbox`), read by approving an application as
by the match board, the pair's check and the optimal assignment."""

import pytest
from allauth.account.models import EmailAddress

from matching.services import pair_check
from mentoring.approval import addresses_of, is_own_address
from mentoring.models import Match, MentorApplication
from mentoring.services.matches import MatchError
from tests.matching.board import (
    blocked_reasons,
    board_url,
    candidate_names,
    messages_shown,
    propose,
)

pytestmark = pytest.mark.django_db

LINE_MANAGER = "the board member is the mentor's line manager"


def names_line_manager(mentor, address):
    MentorApplication.objects.filter(pk=mentor.pk).update(
        line_manager_name="Grace Okafor", line_manager_email=address
    )
    mentor.refresh_from_db()


def test_a_line_manager_named_by_their_second_address_is_never_offered(
    office, programme, priya, grace
):
    """Grace has two addresses on her account (her sign-in one and "g.okafor@…", added on her
    email page). Priya's application names her line manager by the second one: the line
    manager's request reaches Grace, who agrees. The board still offers Grace as Priya's
    best candidate and the server accepts the pair, when the board reads only the invited and
    sign-in addresses, while the rule for whose address is whose
    (`mentoring.approval.own_addresses`) reads every address the account holds."""
    EmailAddress.objects.create(user=grace.user, email="g.okafor@example.com", verified=True)
    names_line_manager(priya, "g.okafor@example.com")

    board = office.get(board_url(programme))

    assert "Priya Patel" not in candidate_names(board, grace)
    assert LINE_MANAGER in blocked_reasons(board, grace).get("Priya Patel", "")
    with pytest.raises(MatchError, match=LINE_MANAGER):
        pair_check(mentor=priya, board_member=grace, reader=None)


def test_a_line_manager_named_by_a_plus_alias_is_judged_as_approval_judges_it(
    office, programme, priya, grace
):
    """Priya names "grace+mentoring@…" as her line manager. The approval rule
    (`mentoring.approval.is_own_address`) says that address reaches Grace's own mailbox; the
    matching rule says it is somebody else, so the board offers Grace to Priya and a proposal
    goes through. One question ("is this address Grace's?"), two answers."""
    alias = grace.user.email.replace("@", "+mentoring@")
    assert is_own_address(alias, addresses_of(grace.user))  # the approval rule: it is Grace's
    names_line_manager(priya, alias)

    board = office.get(board_url(programme))

    assert "Priya Patel" not in candidate_names(board, grace)
    response = propose(office, programme, priya, grace)
    assert not Match.objects.exists(), messages_shown(response)


def test_a_line_manager_named_by_the_sign_in_address_in_capitals_is_blocked_everywhere(
    office, programme, priya, grace
):
    """The address she signs in with, as typed with capitals and spaces: blocked on the
    board and by the optimal assignment alike."""
    names_line_manager(priya, f"  {grace.user.email.upper()} ")

    board = office.get(board_url(programme))
    office.post(board_url(programme, "optimal"))

    assert LINE_MANAGER in blocked_reasons(board, grace)["Priya Patel"]
    assert not Match.objects.filter(mentor=priya, board_member=grace).exists()
