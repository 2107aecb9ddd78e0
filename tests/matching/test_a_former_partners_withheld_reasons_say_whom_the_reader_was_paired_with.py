"""Why a pair may not be made is read from both people's answers, so a coordinator who was
once paired with either of them is not told. The match board, "Accept all proposals", the
list's "Accept the selected proposals" and "Propose" all say it in one sentence, with one
colon, naming which of the two the coordinator was paired with (or both). Carmen, who was
never paired with either, reads the reasons."""

import pytest
from django.test import Client

from mentoring.models import MatchStatus
from tests.admin_pages import messages_shown, unchanged_named, words
from tests.factories import (
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
)
from tests.matching.blocked_pairs import conflict_of_interest
from tests.matching.board import accept_chosen, board_rows, board_url, propose

pytestmark = pytest.mark.django_db

CONFLICT = "a conflict of interest is recorded between them"


def paired_before(mentor_user, member_user) -> None:
    """A pair of the two in an earlier cohort, since ended."""
    cohort = ProgrammeFactory()
    MatchFactory(
        mentor=MentorFactory(programme=cohort, applicant=mentor_user),
        board_member=BriefedBoardMemberFactory(programme=cohort, user=member_user),
        status=MatchStatus.ENDED,
    )


@pytest.fixture
def kit(priya, grace):
    """A coordinator who was Grace's mentor in an earlier cohort."""
    kit = CoordinatorFactory(full_name="Kit Keeper", email="kit@example.org")
    paired_before(kit, grace.user)
    return kit


def signed_in(person) -> Client:
    browser = Client()
    browser.force_login(person)
    return browser


def test_the_board_says_beside_a_blocked_pair_whom_she_was_paired_with(
    coordinator, programme, priya, grace, kit
):
    conflict_of_interest(priya, grace)

    kits = board_rows(signed_in(kit).get(board_url(programme)))["Grace Okafor"]["blocked"]
    carmens = board_rows(signed_in(coordinator).get(board_url(programme)))["Grace Okafor"]

    assert [(name, why) for name, _, why in kits] == [
        (
            "Priya Patel",
            "the reasons are not shown to you, because you were paired with Grace Okafor",
        )
    ]
    assert [why for _, _, why in carmens["blocked"]] == [CONFLICT]


def test_a_blocked_proposal_on_the_board_says_it_too(coordinator, programme, priya, grace, kit):
    MatchFactory(mentor=priya, board_member=grace)
    conflict_of_interest(priya, grace)

    page = words(signed_in(kit).get(board_url(programme)).content.decode())

    assert (
        "Cannot be accepted now: The reasons are not shown to you, because you were paired "
        "with Grace Okafor. Discard it, or remove what blocks it." in page
    )
    assert "conflict of interest" not in page
    theirs = words(signed_in(coordinator).get(board_url(programme)).content.decode())
    assert "Cannot be accepted now: A conflict of interest is recorded between them." in theirs


def test_accepting_from_the_board_and_from_the_list_say_it_alike(programme, priya, grace, kit):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    conflict_of_interest(priya, grace)
    office = signed_in(kit)

    from_the_board = office.post(board_url(programme, "accept"))
    from_the_list = accept_chosen(office, proposal)

    said = (
        "Priya Patel and Grace Okafor: left as a proposal: the reasons are not shown to you, "
        "because you were paired with Grace Okafor"
    )
    assert unchanged_named(from_the_board) == unchanged_named(from_the_list) == [said]


def test_proposing_says_it(programme, priya, grace, kit):
    conflict_of_interest(priya, grace)

    done = propose(signed_in(kit), programme, priya, grace)

    assert messages_shown(done) == [
        "Priya Patel and Grace Okafor cannot be paired: the reasons are not shown to you, "
        "because you were paired with Grace Okafor."
    ]


def test_one_paired_with_both_is_told_both(programme, priya, grace, kit):
    paired_before(priya.applicant, kit)  # Kit was Priya's board member, too
    conflict_of_interest(priya, grace)

    blocked = board_rows(signed_in(kit).get(board_url(programme)))["Grace Okafor"]["blocked"]

    assert [why for _, _, why in blocked] == [
        "the reasons are not shown to you, because you were paired with Priya Patel and with "
        "Grace Okafor"
    ]
