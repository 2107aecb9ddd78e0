"""A programme the office has closed takes no new board member: its pages would only tell
them it "ended before you were paired". Adding one is refused, saying why, and nobody is
emailed."""

import pytest

from mentoring.models import BoardMember, ProgrammeStatus
from mentoring.services.mentees import (
    BoardMemberError,
    board_member_invite,
    board_member_invite_problem,
)

pytestmark = pytest.mark.django_db

REFUSED = "2026/27 pilot has ended, so nobody joins it any more."


@pytest.fixture
def closed(cast):
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()
    return cast.programme


def test_adding_a_board_member_to_a_closed_programme_is_refused_and_emails_nobody(
    closed, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(BoardMemberError, match=REFUSED),
    ):
        board_member_invite(
            programme=closed, email="newhead@example.com", invited_by=cast.coordinator
        )

    assert not BoardMember.objects.filter(email="newhead@example.com").exists()
    assert mailoutbox == []


def test_the_add_form_says_why_before_anything_is_sent(closed):
    assert board_member_invite_problem(programme=closed, email="newhead@example.com") == REFUSED
