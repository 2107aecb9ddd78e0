"""Closing a programme ends no pair: its people still meet, log meetings and may raise a
concern about each other with the office, privately. So someone whose pair runs on in a
closed programme is still taking part, and is not made a coordinator (who would read that
concern about themself): `why_not_coordinator` counts pairs under way whatever their
programme, and only what may yet start (proposals, applications, board places) in open
ones."""

import pytest

from accounts.services import CoordinatorRefused, coordinator_grant, why_not_coordinator_many
from mentoring.models import EndReason, ProgrammeStatus
from mentoring.services.matches import match_end

pytestmark = pytest.mark.django_db


def closed(programme):
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()
    return programme


def test_a_mentor_whose_pair_runs_on_in_a_closed_programme_is_not_made_a_coordinator(cast):
    closed(cast.programme)

    with pytest.raises(CoordinatorRefused, match="a pair under way with Bola"):
        coordinator_grant(user=cast.mentor)

    cast.mentor.refresh_from_db()
    assert not cast.mentor.is_coordinator


def test_a_board_member_whose_pair_runs_on_in_a_closed_programme_is_not_either(cast):
    closed(cast.programme)

    problems = why_not_coordinator_many([cast.board_member, cast.other_board_member])

    assert "a pair under way" in problems[cast.board_member.pk]
    assert "a pair under way" in problems[cast.other_board_member.pk]


def test_once_the_pair_has_ended_in_the_closed_programme_they_may_join(cast):
    closed(cast.programme)
    match_end(match=cast.pair, reason=EndReason.COMPLETED)

    coordinator_grant(user=cast.mentor)

    cast.mentor.refresh_from_db()
    assert cast.mentor.is_coordinator
