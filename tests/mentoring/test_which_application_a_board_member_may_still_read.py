"""The one rule for which of their own applications a board member may still read
(mentoring.access.board_member_may_read), which /apply/ answers by in a programme
(`why_cannot_apply`) and while none runs (the newest application it links to): one sent,
to a programme they are not on the board of. Read with no database."""

import pytest

from mentoring.access import board_member_may_read
from mentoring.models import ApplicationStatus, MentorApplication

PILOT, NEXT_COHORT = 1, 2


@pytest.mark.parametrize(
    ("status", "programme", "boards", "may_read"),
    [
        (ApplicationStatus.SUBMITTED, PILOT, {NEXT_COHORT}, True),
        (ApplicationStatus.ACCEPTED, PILOT, {NEXT_COHORT}, True),
        # A draft is not sent any more once they are on a board anywhere.
        (ApplicationStatus.DRAFT, PILOT, {NEXT_COHORT}, False),
        # Mentored in the programme they once applied to: the application is not theirs to
        # read there.
        (ApplicationStatus.SUBMITTED, NEXT_COHORT, {NEXT_COHORT}, False),
        (ApplicationStatus.SUBMITTED, PILOT, {PILOT, NEXT_COHORT}, False),
    ],
)
def test_a_board_member_reads_only_an_application_sent_to_a_programme_they_are_not_mentored_in(
    status, programme, boards, may_read
):
    application = MentorApplication(status=status, programme_id=programme)

    assert board_member_may_read(application, boards) is may_read


def test_a_board_member_with_no_application_has_none_to_read():
    assert board_member_may_read(None, {PILOT}) is False
