"""A closed programme's board no longer offers candidates: nobody is proposed or paired in it
any more, so the board members still waiting when it closed are named, with no mentor, score
or reason beside them."""

import pytest

from mentoring.models import Programme
from tests.factories import BoardMemberFactory, closed_now
from tests.matching.board import board_url, words

pytestmark = pytest.mark.django_db


def close(programme):
    Programme.objects.filter(pk=programme.pk).update(**closed_now())


def test_a_closed_programmes_board_names_who_was_left_unmatched_without_candidates(
    office, programme, priya, grace
):
    close(programme)

    text = words(office.get(board_url(programme)).content.decode())

    assert "Left unmatched when it closed (1)" in text
    assert "Grace Okafor" in text
    assert "Still to be matched" not in text
    assert "Candidate mentors" not in text
    assert "Priya Patel" not in text
    assert "out of 100" not in text


def test_a_board_member_who_never_finished_their_profile_is_named_among_those_left_unmatched(
    office, programme, grace
):
    BoardMemberFactory(
        programme=programme, user__full_name="Ines Incomplete", profile_completed_at=None
    )
    close(programme)

    text = words(office.get(board_url(programme)).content.decode())

    assert "Left unmatched when it closed (2)" in text
    assert "Ines Incomplete" in text
    assert "cannot be scored yet" not in text


def test_a_running_programmes_board_still_offers_candidates(office, programme, priya, grace):
    text = words(office.get(board_url(programme)).content.decode())

    assert "Still to be matched (1)" in text
    assert "Priya Patel" in text
    assert "Left unmatched" not in text
