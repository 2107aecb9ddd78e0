"""After a pair is accepted the board shows the programme as it now stands: no proposal that
can no longer be accepted, no mentor proposed twice, and a double click confirms once."""

import pytest

from mentoring.models import Match
from tests.admin_pages import messages_shown
from tests.factories import MatchFactory
from tests.matching.board import (
    accept,
    board_url,
    proposals_section,
    propose,
    proposed_before_room_lowered,
)

pytestmark = pytest.mark.django_db


def test_after_an_accept_the_board_shows_no_stale_proposal(office, programme, people, mailoutbox):
    # Proposed while Priya had room for both: she now has room for one of them, so the
    # proposal with Harold is stale once the one with Grace is confirmed.
    chosen, _ = proposed_before_room_lowered(people["priya"], people["grace"], people["harold"])

    response = accept(office, programme, chosen, follow=True)

    section = proposals_section(response)
    assert "Proposals (0)" in section
    assert "No open proposals." in section
    assert list(Match.objects.proposed()) == []
    assert "Active pairs (1)" in response.content.decode()


def test_accepting_leaves_proposals_that_are_still_possible(office, programme, people):
    chosen = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    other = MatchFactory(mentor=people["tom"], board_member=people["harold"])

    response = accept(office, programme, chosen, follow=True)

    assert "Proposals (1)" in proposals_section(response)
    assert list(Match.objects.proposed()) == [other]


def test_a_mentor_is_never_proposed_twice(office, programme, people):
    propose(office, programme, people["priya"], people["grace"])  # shows, and clears, its message

    response = propose(office, programme, people["priya"], people["harold"])

    assert messages_shown(response) == [
        "Priya Patel has no room for another board member (already proposed for Grace Okafor): "
        "accept or discard that proposal first."
    ]
    assert Match.objects.filter(mentor=people["priya"]).count() == 1


def test_a_board_member_is_never_proposed_with_two_mentors(office, programme, people):
    propose(office, programme, people["priya"], people["grace"])  # shows, and clears, its message

    response = propose(office, programme, people["tom"], people["grace"])

    assert messages_shown(response) == [
        "Grace Okafor is already proposed with Priya Patel: accept or discard that proposal first."
    ]


def test_the_optimal_assignment_proposes_each_mentor_once(office, programme, people):
    office.post(board_url(programme, "optimal"))

    mentors = list(Match.objects.proposed().values_list("mentor", flat=True))
    assert len(mentors) == 2
    assert len(set(mentors)) == 2


def test_a_double_click_on_accept_makes_one_active_pair_and_one_email_each(
    office, programme, people, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = MatchFactory(mentor=people["priya"], board_member=people["grace"])

    with django_capture_on_commit_callbacks(execute=True):
        first = accept(office, programme, proposal, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = accept(office, programme, proposal, follow=True)

    assert messages_shown(first) == [
        "1 pair confirmed and both people in it emailed an introduction: "
        "Priya Patel and Grace Okafor."
    ]
    assert messages_shown(second) == [
        "That proposal is no longer open (accepted, discarded or replaced since): "
        "nothing was changed."
    ]
    assert Match.objects.active().count() == 1
    assert sorted(message.to[0] for message in mailoutbox) == [
        "grace@example.com",
        "priya@example.org",
    ]
