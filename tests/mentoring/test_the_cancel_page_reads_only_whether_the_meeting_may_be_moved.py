"""The page to cancel a meeting suggests moving it instead where the meeting's own page would
(`PairView.may_move`), and reads only what that needs: whether the person's request to end
the pairing is with the office. Not the pair's other meetings, action steps, ground rules
and agreements: it costs the same for a pair that has just begun as for one with a long
history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.services.pairs import pair_request_raise
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db

# Named as the meeting page names it for a booking ("Change the time", `Meeting.move_said`).
SUGGEST = "change the time</a> instead"

# 1 session, 2 user, 3 the meeting with its pair, programme and both people (JOINs), 4 the
# navigation's facts, 5 whether Maya's request to end the pairing is with the office
# (`may_move_now`). Before, the whole pair was read for it: its meetings, action steps, ground
# rules, agreements and the person's requests (five queries, however long its history).
CANCEL_PAGE_QUERIES = 5


def a_long_history(pair) -> None:
    """Two years of meetings held, each with action steps, and the ground rules agreed."""
    agree_ground_rules(pair)
    for weeks in range(2, 104, 4):
        held = HeldMeetingFactory(match=pair, starts_at=timezone.now() - timedelta(weeks=weeks))
        ActionStepFactory.create_batch(3, meeting=held)


@pytest.fixture(params=["new", "long"])
def booked(request, cast):
    """A meeting Maya and Bola booked for next week, in a pair just begun or with a long
    history."""
    if request.param == "long":
        a_long_history(cast.pair)
    return MeetingFactory(match=cast.pair)


def test_the_cancel_page_suggests_moving_the_meeting_at_the_same_cost(
    maya, booked, django_assert_max_num_queries
):
    with django_assert_max_num_queries(CANCEL_PAGE_QUERIES):
        response = maya.get(reverse("meeting_cancel", args=[booked.pk]))

    content = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert SUGGEST in content
    assert reverse("meeting_change", args=[booked.pk]) in content


def test_after_asking_to_end_the_cancel_page_suggests_no_move_at_the_same_cost(
    maya, cast, booked, django_assert_max_num_queries
):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")

    with django_assert_max_num_queries(CANCEL_PAGE_QUERIES):
        response = maya.get(reverse("meeting_cancel", args=[booked.pk]))

    content = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Cancel the meeting" in content
    assert SUGGEST not in content
    assert reverse("meeting_change", args=[booked.pk]) not in content
