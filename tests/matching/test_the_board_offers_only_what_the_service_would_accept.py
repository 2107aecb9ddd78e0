"""On the edges of the rules the board applies before asking the service (a mentor's room, a
board member proposed elsewhere, who is on the board at all), every Propose the board offers
is one the proposing service accepts, every candidate it offers no Propose for is refused by
the service in the board's own words, and every open proposal it says cannot be accepted is
refused by the accepting service for the reasons it shows (and only those)."""

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.models import MatchingSettings
from matching.selectors import match_board
from matching.services import pair_propose, proposals_review
from mentoring.models import EndReason, Match, MatchStatus, ProgrammeStatus
from mentoring.services.matches import MatchError
from tests.factories import CoordinatorFactory, MatchFactory
from tests.matching.board import (
    briefed_board_member,
    briefed_mentor,
    proposed_before_room_lowered,
)

pytestmark = pytest.mark.django_db


class _Undone(Exception):
    """Raised to roll back a proposal the service accepted: each pair is asked on its own."""


def service_says(mentor, member, office) -> str:
    """ "" when proposing the pair is accepted (and then undone), else the service's refusal."""
    try:
        with transaction.atomic():
            pair_propose(mentor=mentor, board_member=member, proposed_by=office)
            raise _Undone
    except _Undone:
        return ""
    except MatchError as error:
        return str(error)


def assert_the_board_and_the_service_agree(programme) -> dict[str, int]:
    """Every pair and open proposal the board shows, asked of the service; how many of each
    kind there were, so a test can say its edge was reached."""
    office = CoordinatorFactory()
    board = match_board(programme)
    seen = {"offered": 0, "not offered": 0, "blocked": 0, "acceptable": 0, "refused": 0}
    for row in board.rows:
        member = row.board_member
        for candidate in row.candidates:
            said = service_says(candidate.mentor, member, office)
            # The board's reason for no Propose: the board member's open proposal first, as
            # the service asks it first, then the mentor's room.
            shown = row.waiting_on or candidate.unavailable
            pair = f"{candidate.mentor.applicant} for {member}"
            if candidate.proposed:
                continue  # the very pair proposed: offered under Proposals, not here
            if shown:
                seen["not offered"] += 1
                assert said == shown, pair
            else:
                seen["offered"] += 1
                assert said == "", f"{pair} offered, and refused: {said}"
        for candidate in row.blocked:
            seen["blocked"] += 1
            assert service_says(candidate.mentor, member, office) == (
                f"{candidate.mentor.applicant} and {member} cannot be paired: "
                f"{'; '.join(candidate.blocks)}."
            )
    for proposal in board.open_proposals:
        review = proposals_review(matches=[proposal.match], reader=None)
        if proposal.blocks:
            seen["refused"] += 1
            assert review.acceptable == []
            assert review.refused == [(proposal.match, "; ".join(proposal.blocks))]
        else:
            seen["acceptable"] += 1
            assert review.acceptable == [proposal.match], review.refused
    return seen


def capacity(programme, room):
    settings = MatchingSettings.for_programme(programme)
    settings.mentor_capacity = room
    settings.save()


def test_a_mentor_full_with_an_open_proposal_is_refused_as_the_board_says(programme, people):
    MatchFactory(mentor=people["tom"], board_member=people["harold"])

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["not offered"] == 2  # Tom for Grace (his room); Priya for Harold (his proposal)
    assert seen["offered"] == 1  # Priya for Grace


def test_a_mentor_full_with_two_open_proposals_names_both_as_the_service_does(programme, people):
    proposed_before_room_lowered(people["tom"], people["grace"], people["harold"])
    briefed_board_member(programme, "Ines Ibsen")

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["not offered"] >= 1  # Tom for Ines: two proposals fill his room of one
    assert seen["acceptable"] == 2


def test_a_mentor_full_with_an_active_pair_is_blocked_as_the_service_says(programme, people):
    MatchFactory(
        mentor=people["tom"],
        board_member=briefed_board_member(programme, "Ann Active"),
        status=MatchStatus.ACTIVE,
    )

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["blocked"] == 2  # Tom for Grace and for Harold


@pytest.mark.parametrize("room", [2, 3])
def test_a_mentor_with_room_raised_is_offered_as_the_service_accepts(programme, people, room):
    capacity(programme, room)
    MatchFactory(
        mentor=people["tom"],
        board_member=briefed_board_member(programme, "Ann Active"),
        status=MatchStatus.ACTIVE,
    )
    MatchFactory(mentor=people["tom"], board_member=people["harold"])

    seen = assert_the_board_and_the_service_agree(programme)

    # Tom for Grace: offered with room for three, not with room for two.
    assert seen["offered"] == (1 if room == 2 else 2)


def test_a_mentor_whose_room_was_lowered_below_their_pairs_is_blocked_alike(programme, people):
    capacity(programme, 2)
    for name in ("Ann Active", "Bob Active"):
        MatchFactory(
            mentor=people["tom"],
            board_member=briefed_board_member(programme, name),
            status=MatchStatus.ACTIVE,
        )
    MatchFactory(mentor=people["priya"], board_member=people["harold"])
    capacity(programme, 1)

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["blocked"] == 2
    assert seen["acceptable"] == 1


def test_a_board_member_proposed_elsewhere_is_refused_as_the_board_says(programme, people):
    capacity(programme, 2)
    MatchFactory(mentor=people["priya"], board_member=people["grace"])

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["not offered"] == 1  # Tom for Grace
    assert seen["offered"] == 2  # Priya (room for two) and Tom for Harold


def test_an_ended_programmes_open_proposal_is_said_refused_as_the_service_refuses_it(
    programme, people
):
    MatchFactory(mentor=people["priya"], board_member=people["grace"])
    programme.status = ProgrammeStatus.CLOSED
    programme.recruitment_open = False
    programme.save()

    seen = assert_the_board_and_the_service_agree(programme)

    assert match_board(programme).rows == []  # nobody is offered in an ended programme
    assert seen["refused"] == 1
    assert match_board(programme).open_proposals[0].blocks == ["the programme has ended"]


def test_a_proposal_whose_board_members_pairing_ran_its_course_is_refused_alike(programme, people):
    MatchFactory(mentor=people["priya"], board_member=people["grace"])
    MatchFactory(
        mentor=people["tom"],
        board_member=people["grace"],
        status=MatchStatus.ENDED,
        ended_at=timezone.now(),
        end_reason=EndReason.COMPLETED,
    )

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["refused"] == 1


@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_a_proposal_with_a_closed_account_is_refused_alike(programme, people, side):
    match = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    user = match.mentor.applicant if side == "mentor" else match.board_member.user
    User.objects.filter(pk=user.pk).update(is_active=False, deactivated_at=timezone.now())

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["refused"] == 1
    assert Match.objects.proposed().count() == 1


@pytest.mark.parametrize("room", [1, 2, 3])
def test_on_a_cohort_of_proposals_and_pairs_every_offer_and_refusal_agrees(programme, room):
    """Four mentors and six board members: one mentor with an active pair and a proposal, one
    with two proposals, one with an active pair, one free; under each room per mentor."""
    capacity(programme, 3)
    mentors = [
        briefed_mentor(programme, f"{name} Mentor", department="Estates")
        for name in ("Ada", "Ben", "Cy", "Di")
    ]
    members = [briefed_board_member(programme, f"{name} Member") for name in "KLMNOP"]
    for mentor, member, status in [
        (mentors[0], members[0], MatchStatus.ACTIVE),
        (mentors[0], members[1], MatchStatus.PROPOSED),
        (mentors[1], members[2], MatchStatus.PROPOSED),
        (mentors[1], members[3], MatchStatus.PROPOSED),
        (mentors[2], briefed_board_member(programme, "Zed Paired"), MatchStatus.ACTIVE),
    ]:
        MatchFactory(mentor=mentor, board_member=member, status=status)
    capacity(programme, room)

    seen = assert_the_board_and_the_service_agree(programme)

    assert seen["offered"]
    assert seen["not offered"] + seen["blocked"]
