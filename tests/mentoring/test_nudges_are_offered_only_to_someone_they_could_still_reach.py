"""/profile/ offers the nudges (the optional pair reminders) to someone they could still
reach, by the reminders' own rule: a member of an active pair in a programme still running,
or someone still to be paired in a programme that has not ended. Not to someone whose only
part is in a programme closed (its reminders stop, and nobody is paired in it any more),
nor to someone whose pairing ran its course."""

import pytest
from django.urls import reverse

from mentoring.models import EndReason, MatchStatus, ProgrammeStatus
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
NUDGES = reverse("profile_nudges")
OFFERED = "Send me nudges?"


def close(programme):
    programme.status = ProgrammeStatus.CLOSED
    programme.recruitment_open = False
    programme.save()


def pair_in(programme, **fields):
    return MatchFactory(
        mentor=MentorFactory(programme=programme),
        board_member=BriefedBoardMemberFactory(programme=programme),
        **fields,
    )


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Cohort Now", slug="now")


def offered(client, person) -> bool:
    client.force_login(person)
    response = client.get(PROFILE)
    assert response.status_code == 200
    return OFFERED in response.content.decode()


@pytest.mark.parametrize("status", ["waitlisted", "accepted", "submitted"])
def test_an_applicant_left_unpaired_by_an_ended_programme_is_not_offered_nudges(
    client, programme, status
):
    person = MentorApplicationFactory(programme=programme, status=status).applicant
    close(programme)

    assert not offered(client, person)
    assert client.post(NUDGES, {"wants_nudges": "no"}).status_code == 404
    person.refresh_from_db()
    assert person.wants_nudges


def test_a_board_member_left_unpaired_by_an_ended_programme_is_not_offered_nudges(
    client, programme
):
    person = BoardMemberFactory(programme=programme).user
    close(programme)

    assert not offered(client, person)
    assert client.post(NUDGES, {"wants_nudges": "no"}).status_code == 404


@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_someone_whose_pair_ended_with_their_programme_is_not_offered_nudges(
    client, programme, side
):
    pair = pair_in(programme, status=MatchStatus.ENDED)
    close(programme)
    person = pair.mentor.applicant if side == "mentor" else pair.board_member.user

    assert not offered(client, person)


@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_a_pair_still_meeting_in_a_closed_programme_is_not_offered_nudges(client, programme, side):
    """Closing a programme ends no pair, but stops its reminders, the nudges included."""
    pair = pair_in(programme, status=MatchStatus.ACTIVE)
    close(programme)
    person = pair.mentor.applicant if side == "mentor" else pair.board_member.user

    assert not offered(client, person)


def test_a_board_member_whose_pairing_ran_its_course_is_not_offered_nudges(client, programme):
    """No new mentor comes (their profile says so), so no pair of theirs will be nudged."""
    pair = pair_in(programme, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED)

    assert not offered(client, pair.board_member.user)


@pytest.mark.parametrize(
    "who",
    [
        "mentor in a pair",
        "board member in a pair",
        "mentor whose pair ended",  # accepted still: the office may pair them again
        "board member whose pair was withdrawn",  # offered a new mentor
        "board member still to be matched",
        "applicant on the waiting list",
        "board member of a programme being prepared",
        "closed programme's board member, still to be matched in the next",
    ],
)
def test_someone_nudges_could_still_reach_is_offered_them(client, programme, who):
    if who == "mentor in a pair":
        person = pair_in(programme, status=MatchStatus.ACTIVE).mentor.applicant
    elif who == "board member in a pair":
        person = pair_in(programme, status=MatchStatus.ACTIVE).board_member.user
    elif who == "mentor whose pair ended":
        person = pair_in(programme, status=MatchStatus.ENDED).mentor.applicant
    elif who == "board member whose pair was withdrawn":
        pair = pair_in(programme, status=MatchStatus.ENDED, end_reason=EndReason.WITHDRAWN)
        person = pair.board_member.user
    elif who == "board member still to be matched":
        person = BoardMemberFactory(programme=programme).user
    elif who == "applicant on the waiting list":
        person = MentorApplicationFactory(programme=programme, status="waitlisted").applicant
    elif who == "board member of a programme being prepared":
        programme.status = ProgrammeStatus.DRAFT
        programme.recruitment_open = False
        programme.save()
        person = BoardMemberFactory(programme=programme).user
    else:
        old = ProgrammeFactory(name="Old Pilot", slug="old")
        person = pair_in(old, status=MatchStatus.ACTIVE).board_member.user
        close(old)
        BoardMemberFactory(programme=programme, user=person)

    assert offered(client, person)
