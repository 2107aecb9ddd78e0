"""With nobody left to match, the board says why: everyone who joined is paired, or those
left are still completing their profile (listed below it), never both at once."""

import pytest

from tests.admin_pages import signed_in_for_real, words
from tests.factories import BoardMemberFactory
from tests.matching.board import board_url

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def test_with_everyone_paired_the_board_says_so(office, cast):
    text = words(office.get(board_url(cast.programme)).content.decode())

    assert "Still to be matched (0)" in text
    assert "Every board member who has joined is in a pair." in text
    assert "Waiting for a complete profile" not in text


def test_with_someone_still_completing_their_profile_the_board_does_not_say_all_are_paired(
    office, cast
):
    BoardMemberFactory(programme=cast.programme, profile_completed_at=None)

    text = words(office.get(board_url(cast.programme)).content.decode())

    assert (
        "Nobody is ready to be matched: 1 board member is still completing their profile "
        "(below)." in text
    )
    assert "Every board member who has joined is in a pair." not in text
    assert "Waiting for a complete profile (1)" in text
