"""After "Yes" on accepting proposals, each message says the same three things in the same
way: what was done, to which pairs (by name), and whether anyone was emailed. Here Priya
is proposed with Grace and with Harold but has room for one; Tom's proposal with Iris is
blocked after the page was shown."""

import pytest

from tests.admin_pages import confirmed, messages_shown
from tests.factories import MatchFactory
from tests.matching.blocked_pairs import conflict_of_interest
from tests.matching.board import (
    board_url,
    briefed_board_member,
    proposed_before_room_lowered,
)

pytestmark = pytest.mark.django_db


def test_confirmed_withdrawn_and_refused_pairs_are_each_named_with_who_was_emailed(
    office, programme, priya, tom, grace, harold, django_capture_on_commit_callbacks
):
    proposed_before_room_lowered(priya, grace, harold)
    iris = briefed_board_member(programme, "Iris Ibekwe", department="Library")
    MatchFactory(mentor=tom, board_member=iris)
    page = office.post(board_url(programme, "accept"))
    conflict_of_interest(tom, iris)  # before "Yes"

    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(board_url(programme, "accept"), confirmed(page), follow=True)

    assert messages_shown(done) == [
        "1 pair confirmed and both people in it emailed an introduction: "
        "Priya Patel and Grace Okafor.",
        "1 other proposal withdrawn and nobody emailed, as someone in it has just been paired: "
        "Priya Patel and Harold Hughes.",
        "The pairing of "
        "Tom Tran and Iris Ibekwe was not confirmed and nobody was emailed: a conflict of "
        "interest is recorded between them.",
    ]


def test_two_pairs_confirmed_are_both_named(
    office, programme, people, django_capture_on_commit_callbacks
):
    MatchFactory(mentor=people["tom"], board_member=people["harold"])
    MatchFactory(mentor=people["priya"], board_member=people["grace"])
    page = office.post(board_url(programme, "accept"))

    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(board_url(programme, "accept"), confirmed(page), follow=True)

    assert messages_shown(done) == [
        "2 pairs confirmed and both people in each emailed an introduction: "
        "Priya Patel and Grace Okafor; Tom Tran and Harold Hughes."
    ]
