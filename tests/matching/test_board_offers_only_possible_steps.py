"""The board offers only the steps the coordinator can take, and says in words why the others
are not offered: a board member already proposed, a mentor whose capacity is taken, a proposal
blocked since it was made."""

import re

import pytest
from django.utils import timezone

from matching.models import MatchingSettings
from mentoring.models import ApplicationStatus, Match, MatchStatus
from tests.factories import ConflictOfInterestFactory, MatchFactory
from tests.matching.board import accept, board_rows, board_url, proposals_section, words

pytestmark = pytest.mark.django_db


def propose_buttons(response) -> list[str]:
    """The accessible name of every Propose button on the board."""
    return [
        words(name)
        for name in re.findall(
            r"<button[^>]*>(Propose<span.*?)</button>", response.content.decode()
        )
    ]


def accept_buttons(response) -> list[str]:
    return [
        words(name)
        for name in re.findall(r"<button[^>]*>(Accept<span.*?)</button>", response.content.decode())
    ]


def test_with_nothing_proposed_every_candidate_can_be_proposed(office, programme, people):
    response = office.get(board_url(programme))

    assert sorted(propose_buttons(response)) == [
        "Propose Priya Patel for Grace Okafor",
        "Propose Priya Patel for Harold Hughes",
        "Propose Tom Tran for Grace Okafor",
        "Propose Tom Tran for Harold Hughes",
    ]


def test_a_board_member_with_an_open_proposal_is_offered_no_other_mentor(office, programme, people):
    MatchFactory(mentor=people["priya"], board_member=people["grace"])

    response = office.get(board_url(programme))

    grace = board_rows(response)["Grace Okafor"]
    assert (
        "Grace Okafor is already proposed with Priya Patel: accept or discard that proposal first."
        in grace["text"]
    )
    assert [name for name, _, _ in grace["candidates"]]  # still listed, to compare
    assert not any(name.endswith("for Grace Okafor") for name in propose_buttons(response))


def test_a_mentor_whose_capacity_is_taken_by_proposals_is_listed_without_a_button(
    office, programme, people
):
    MatchFactory(mentor=people["tom"], board_member=people["harold"])

    response = office.get(board_url(programme))

    grace = board_rows(response)["Grace Okafor"]
    assert "Tom Tran" in [name for name, _, _ in grace["candidates"]]
    assert (
        "Tom Tran has no room for another board member (already proposed for Harold Hughes): "
        "accept or discard that proposal first." in grace["text"]
    )
    assert propose_buttons(response) == ["Propose Priya Patel for Grace Okafor"]


def test_a_mentor_with_room_for_two_is_offered_while_one_proposal_is_open(
    office, programme, people
):
    settings = MatchingSettings.for_programme(programme)
    settings.mentor_capacity = 2
    settings.save()
    MatchFactory(mentor=people["tom"], board_member=people["harold"])

    response = office.get(board_url(programme))

    assert "Propose Tom Tran for Grace Okafor" in propose_buttons(response)
    assert "no room for another board member" not in response.content.decode()


def test_a_mentor_full_with_an_active_pair_and_a_proposal_is_offered_to_nobody(
    office, programme, people
):
    settings = MatchingSettings.for_programme(programme)
    settings.mentor_capacity = 2
    settings.save()
    MatchFactory(mentor=people["tom"], board_member=people["harold"], status=MatchStatus.ACTIVE)
    MatchFactory(mentor=people["tom"], board_member=people["grace"])

    response = office.get(board_url(programme))

    assert propose_buttons(response) == []
    assert "is already proposed with Tom Tran" in board_rows(response)["Grace Okafor"]["text"]


def test_a_proposal_blocked_since_it_was_made_is_flagged_and_can_only_be_discarded(
    office, programme, people
):
    MatchFactory(mentor=people["priya"], board_member=people["grace"])
    MatchFactory(mentor=people["tom"], board_member=people["harold"])
    ConflictOfInterestFactory(mentor=people["priya"].applicant, board_member=people["grace"].user)

    response = office.get(board_url(programme))

    section = words(proposals_section(response))
    assert "Cannot be accepted now: A conflict of interest is recorded between them." in section
    assert accept_buttons(response) == ["Accept Tom Tran with Harold Hughes"]
    assert "Discard Priya Patel with Grace Okafor" in section
    assert "Accept all proposals" in section
    assert "Proposals that cannot be accepted now are left as they are." in section


def test_when_every_proposal_is_blocked_there_is_no_accept_all(office, programme, people):
    MatchFactory(mentor=people["priya"], board_member=people["grace"])
    people["priya"].status = ApplicationStatus.WITHDRAWN
    people["priya"].withdrawn_at = timezone.now()
    people["priya"].save()

    response = office.get(board_url(programme))

    section = words(proposals_section(response))
    assert "Cannot be accepted now: The mentor's application is not accepted." in section
    assert accept_buttons(response) == []
    assert "Accept all proposals" not in section
    assert "Discard all proposals" in section


def test_the_flagged_proposal_is_refused_if_accepted_anyway(office, programme, people):
    proposal = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    ConflictOfInterestFactory(mentor=people["priya"].applicant, board_member=people["grace"].user)

    accept(office, programme, proposal)

    assert Match.objects.get(pk=proposal.pk).status == MatchStatus.PROPOSED
