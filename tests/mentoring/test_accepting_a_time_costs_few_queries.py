"""Accepting a time reads what deciding it needs, once: whether the meeting is still
proposed is learnt from the conditional update that books it, and read apart only on the
way to refusing one whose person asked the office to end the pairing (a time they booked
already is said as booked, not refused)."""

import pytest
from django.urls import reverse

from mentoring.models import MeetingStatus

pytestmark = pytest.mark.django_db

# 1 session, 2 user, 3 the meeting with its pair (`meeting_for_user`), 4 savepoint, 5 the
# pair, locked, 6 whether Maya's request to end the pairing is with the office, 7 the
# conditional update that books it, 8 the meeting as booked, 9 the meeting with its pair
# and people for Bola's email, 10 the email waiting about it set aside, 11 the email
# written, 12 release savepoint. Before, whether it was still proposed was read again
# between 5 and 6.
ACCEPT_QUERIES = 12


def test_accepting_a_time_costs_twelve_queries(
    maya, proposed_by_the_board_member, django_assert_max_num_queries
):
    meeting = proposed_by_the_board_member

    with django_assert_max_num_queries(ACCEPT_QUERIES):
        response = maya.post(
            reverse("meeting_accept", args=[meeting.pk]), {"sequence": meeting.sequence}
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
