"""What /profile/ says of the person one is (or was, or would have been) paired with follows
where the person stands: still to be paired, paired now, paired before and no more to come,
or never to be paired (their programme ended first). Its introduction and the help under
the questions say the same."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import EndReason, EventKind, MatchStatus, ProgrammeStatus
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    EventFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

WILL_SEE_BIO = "Your mentor sees this, with your name and role, once you are matched."
SEES_BIO = "Your mentor sees this, with your name and role."
SAW_BIO = "Your mentor saw this, with your name and role."
WOULD_HAVE_SEEN_BIO = "A mentor would have seen this, with your name and role."
FOR_MATCHING = "it helps them find you a good match"
ONCE_MATCHED = "once you are matched"
PARTNER_SEES = "The person you are paired with sees your name, job title and department."
PARTNER_SAW = "The person you were paired with sees your name, job title and department."


def profile_text(client, person) -> str:
    """The words of the profile page's main part, as a person reads them."""
    client.force_login(person)
    response = client.get("/profile/")
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def close(programme):
    programme.status = ProgrammeStatus.CLOSED
    programme.recruitment_open = False
    programme.save()


@pytest.fixture
def ended_programme():
    """A programme the office closed, with its closing evaluation session still to come
    (closing keeps events to come as they are)."""
    programme = ProgrammeFactory(
        name="Old Pilot", slug="old", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )
    EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        title="Closing session",
        starts_at=timezone.now() + timedelta(days=20),
    )
    return programme


@pytest.fixture
def running_programme():
    return ProgrammeFactory(name="Cohort Now", slug="now")


def test_an_ended_programmes_board_member_never_paired_is_promised_no_match(
    client, ended_programme
):
    member = BoardMemberFactory(programme=ended_programme)

    page = profile_text(client, member.user)

    assert "nobody is matched in it any more" in page
    assert "A mentor would have seen your name" in page
    assert WOULD_HAVE_SEEN_BIO in page
    assert ONCE_MATCHED not in page
    assert FOR_MATCHING not in page


@pytest.mark.parametrize("programme_ended", [False, True])
def test_a_board_member_whose_pairing_ran_its_course_reads_that_their_mentor_saw_it(
    client, running_programme, programme_ended
):
    """No new mentor is coming (a pairing that ran its course is not matched again), in a
    programme running on or ended since."""
    pair = MatchFactory(
        mentor=MentorFactory(programme=running_programme),
        board_member=BriefedBoardMemberFactory(programme=running_programme),
        status=MatchStatus.ENDED,
        end_reason=EndReason.COMPLETED,
    )
    if programme_ended:
        close(running_programme)

    page = profile_text(client, pair.board_member.user)

    assert "Your mentor saw your name" in page
    assert SAW_BIO in page
    assert ONCE_MATCHED not in page
    assert FOR_MATCHING not in page


def test_a_paired_board_member_reads_that_their_mentor_sees_it_now(client, running_programme):
    pair = MatchFactory(
        mentor=MentorFactory(programme=running_programme),
        board_member=BriefedBoardMemberFactory(programme=running_programme),
        status=MatchStatus.ACTIVE,
    )

    page = profile_text(client, pair.board_member.user)

    assert "Your mentor sees your name" in page
    assert SEES_BIO in page
    assert ONCE_MATCHED not in page
    assert FOR_MATCHING not in page


@pytest.mark.parametrize("ended_before", ["never paired", "pair withdrawn"])
def test_a_board_member_still_to_be_matched_is_told_so_as_before(
    client, running_programme, ended_before
):
    """A pair ended as withdrawn (or to rematch) is offered a new mentor: still to be
    matched, as one never paired."""
    member = BriefedBoardMemberFactory(programme=running_programme)
    if ended_before == "pair withdrawn":
        MatchFactory(
            mentor=MentorFactory(programme=running_programme),
            board_member=member,
            status=MatchStatus.ENDED,
            end_reason=EndReason.WITHDRAWN,
        )

    page = profile_text(client, member.user)

    assert "so that the programme office can match you with a mentor" in page
    assert "Your mentor will see your name" in page
    assert WILL_SEE_BIO in page
    assert "Only the programme office reads this; it helps them find you a good match." in page


@pytest.mark.parametrize("status", ["waitlisted", "accepted"])
def test_nobody_left_unpaired_by_an_ended_programme_is_told_of_a_partner(
    client, ended_programme, status
):
    """Wait-listed (no place will come up) or accepted and never paired in a programme that
    has ended, and in no other: nobody will be paired with them."""
    person = MentorApplicationFactory(programme=ended_programme, status=status).applicant

    page = profile_text(client, person)

    assert "Job title" in page
    assert "paired with" not in page


def test_a_mentor_whose_pair_ended_with_their_programme_reads_who_still_sees_their_details(
    client, running_programme
):
    """Their board member's pair page keeps the ended pair, with their name, job title and
    department: nobody new is coming."""
    pair = MatchFactory(
        mentor=MentorFactory(programme=running_programme),
        board_member=BriefedBoardMemberFactory(programme=running_programme),
        status=MatchStatus.ENDED,
    )
    close(running_programme)

    page = profile_text(client, pair.mentor.applicant)

    assert PARTNER_SAW in page
    assert PARTNER_SEES not in page


@pytest.mark.parametrize("state", ["paired", "still to be paired"])
def test_a_mentor_paired_or_still_to_be_is_told_what_their_partner_sees_as_before(
    client, running_programme, state
):
    if state == "paired":
        person = MatchFactory(
            mentor=MentorFactory(programme=running_programme),
            board_member=BriefedBoardMemberFactory(programme=running_programme),
            status=MatchStatus.ACTIVE,
        ).mentor.applicant
    else:
        person = MentorApplicationFactory(
            programme=running_programme, status="waitlisted"
        ).applicant

    assert PARTNER_SEES in profile_text(client, person)


def test_a_pair_still_meeting_in_a_closed_programme_is_still_paired(client, running_programme):
    """Closing a programme ends no pair: its members are paired still."""
    pair = MatchFactory(
        mentor=MentorFactory(programme=running_programme),
        board_member=BriefedBoardMemberFactory(programme=running_programme),
        status=MatchStatus.ACTIVE,
    )
    close(running_programme)

    member_page = profile_text(client, pair.board_member.user)
    mentor_page = profile_text(client, pair.mentor.applicant)

    assert "your pair can still meet" in member_page
    assert "nobody is matched in it any more" not in member_page
    assert SEES_BIO in member_page
    assert PARTNER_SEES in mentor_page
