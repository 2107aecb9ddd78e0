"""A board member's profile in a programme that has ended says so, and promises no match,
whether their pair ended or they were never paired."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MatchStatus, ProgrammeStatus
from tests.factories import (
    BriefedBoardMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")

MATCH_ME = "so that the programme office can match you with a mentor"


@pytest.mark.parametrize("state", ["pair ended", "never paired"])
def test_a_board_member_whose_programme_has_ended_is_not_promised_a_match(client, cast, state):
    """A board member in a programme the office has closed opens /profile/: their pair has
    ended, or the programme ended before they were paired. They see "Tell us what you hope
    to learn and when you can meet, so that the programme office can match you with a
    mentor. Your mentor will see …": a match that will never come (their dashboard says the
    programme has ended, thank you for taking part). The profile should not promise a
    match in a programme that is over."""
    if state == "pair ended":
        cast.pair.status = MatchStatus.ENDED
        cast.pair.ended_at = timezone.now()
        cast.pair.end_reason = "completed"
        cast.pair.save()
        person = cast.board_member
    else:
        person = UserFactory(full_name="Una Unpaired", email="una@example.org")
        BriefedBoardMemberFactory(programme=cast.programme, user=person)
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()
    client.force_login(person)

    page = client.get(PROFILE).content.decode()

    assert "Your profile" in page
    assert MATCH_ME not in page
    assert "Your mentor will see" not in page
