"""Ways to block a pair of a mentor and a board member, one per hard rule, each with the
reason the coordinator reads (`BLOCKS`). Each takes the mentor's application and the board
member, both of the same programme."""

from datetime import UTC, datetime

import pytest

from mentoring.availability import to_mask
from mentoring.models import (
    ApplicationStatus,
    EndReason,
    MatchStatus,
    MentorApplication,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
)
from tests.factories import (
    BriefedBoardMemberFactory,
    ConflictOfInterestFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
)
from tests.matching.board import FRIDAY_EVENING, briefed_board_member, briefed_mentor


def not_accepted(mentor, member):
    MentorApplication.objects.filter(pk=mentor.pk).update(status=ApplicationStatus.SUBMITTED)


def mentor_not_briefed(mentor, member):
    Registration.objects.filter(person=mentor.applicant).update(status=RegistrationStatus.ABSENT)


def board_member_not_briefed(mentor, member):
    Registration.objects.filter(person=member.user).update(status=RegistrationStatus.REGISTERED)


def conflict_of_interest(mentor, member):
    ConflictOfInterestFactory(mentor=mentor.applicant, board_member=member.user)


def line_manager(mentor, member):
    MentorApplication.objects.filter(pk=mentor.pk).update(
        line_manager_name=member.user.full_name, line_manager_email=member.user.email.upper()
    )


def same_department(mentor, member):
    # Spelt differently from the board member's "Provost's Office": still the same one.
    MentorApplication.objects.filter(pk=mentor.pk).update(department=" provost's office")


def board_member_already_paired(mentor, member):
    other = briefed_mentor(member.programme, "Olu Obi", department="Estates")
    MatchFactory(mentor=other, board_member=member, status=MatchStatus.ACTIVE)


def mentor_at_capacity(mentor, member):
    other = briefed_board_member(member.programme, "Vera Vance")
    MatchFactory(mentor=mentor, board_member=other, status=MatchStatus.ACTIVE)


def paired_in_an_earlier_cohort(mentor, member, status=MatchStatus.ENDED):
    earlier = ProgrammeFactory(
        name="2025/26 pilot", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )
    MatchFactory(
        mentor=MentorFactory(programme=earlier, applicant=mentor.applicant),
        board_member=BriefedBoardMemberFactory(
            programme=earlier, user=member.user, email=member.email
        ),
        status=status,
    )


def paired_in_this_programme(mentor, member, reason=EndReason.WITHDRAWN):
    """Their pair in this programme ended: at half past midnight on 1 July 2026, London time."""
    MatchFactory(
        mentor=mentor,
        board_member=member,
        status=MatchStatus.ENDED,
        ended_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
        end_reason=reason,
    )


def no_shared_availability(mentor, member):
    type(member).objects.filter(pk=member.pk).update(availability=to_mask([FRIDAY_EVENING]))


BLOCKS = [
    pytest.param(not_accepted, "the mentor's application is not accepted", id="not-accepted"),
    pytest.param(
        mentor_not_briefed, "the mentor has not been briefed (nor exempted)", id="mentor-briefing"
    ),
    pytest.param(
        board_member_not_briefed,
        "the board member has not been briefed (nor exempted)",
        id="board-member-briefing",
    ),
    pytest.param(
        conflict_of_interest, "a conflict of interest is recorded between them", id="conflict"
    ),
    pytest.param(same_department, "they work in the same department", id="same-department"),
    pytest.param(
        board_member_already_paired,
        "the board member is already in a pair",
        id="board-member-paired",
    ),
    pytest.param(
        mentor_at_capacity,
        "the mentor already has as many board members as allowed",
        id="mentor-at-capacity",
    ),
    pytest.param(
        paired_in_an_earlier_cohort, "they were paired in an earlier cohort", id="paired-before"
    ),
    pytest.param(
        paired_in_this_programme,
        "they were paired in this programme already (ended 1 July 2026, withdrawn)",
        id="paired-here",
    ),
    pytest.param(
        no_shared_availability,
        "no shared availability, which this programme requires",
        id="mandatory-availability",
    ),
]

# The blocks a coordinator sees on the board beside the mentor's name. A mentor who is not
# accepted is not on the board at all, and a board member already paired is not listed.
SHOWN_BLOCKS = [
    block for block in BLOCKS if block.id not in ("not-accepted", "board-member-paired")
]
