"""One dispatcher run costs a handful of queries, however many pairs and reminders."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.reminders import reminders_dispatch
from tests.factories import (
    EventFactory,
    HeldMeetingFactory,
    MatchFactory,
    MeetingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_day():
    """A weekday morning in the programme's time zone (London, on UTC in winter): the hour
    decides which kinds are sent (an event's reminder waits for the morning), so the count
    is measured where every kind has work, whatever the hour the suite runs at."""
    with time_machine.travel(datetime(2026, 12, 2, 10, 15, tzinfo=UTC), tick=False):
        yield


def a_pair_with_everything_due(programme):
    """A pair with a meeting next week, one not logged, then two cancellations by one person."""
    pair = MatchFactory(
        board_member__programme=programme,
        status="active",
        activated_at=timezone.now() - timedelta(weeks=30),
    )
    now = timezone.now()
    HeldMeetingFactory(match=pair, starts_at=now - timedelta(weeks=9))
    MeetingFactory(match=pair, starts_at=now - timedelta(days=3))
    MeetingFactory(
        match=pair,
        starts_at=now + timedelta(days=7) - timedelta(hours=3),
        confirmed_at=now - timedelta(days=20),
    )
    for days_ago in (2, 1):  # after the meeting not logged, which counts as met
        MeetingFactory(
            match=pair,
            starts_at=now - timedelta(days=days_ago) + timedelta(days=1),
            status="cancelled",
            cancelled_at=now - timedelta(days=days_ago),
        )
    event = EventFactory(programme=programme, starts_at=now + timedelta(days=1))
    RegistrationFactory(event=event, person=pair.mentor.applicant)
    return pair


def queries_of_one_run(now) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        written = reminders_dispatch(now)
    return len(captured), written


def test_the_dispatcher_costs_the_same_few_queries_for_3_pairs_or_30(cast):
    later = timezone.now()
    # Each measured run finds written already what an earlier run wrote (read again only to
    # see whether any was called off and applies again), as every run after the first does.
    for _ in range(3):
        a_pair_with_everything_due(cast.programme)
    queries_of_one_run(later)
    for _ in range(3):
        a_pair_with_everything_due(cast.programme)
    small, written_small = queries_of_one_run(later)
    assert written_small["meeting_not_logged"] == 2 * 3

    for _ in range(27):
        a_pair_with_everything_due(cast.programme)
    large, written_large = queries_of_one_run(later)

    assert written_large["meeting_not_logged"] == 2 * 27
    assert written_large["cancelled_twice"] > 0
    assert large <= small
    # Per kind with work: what is due (one or two queries), then its lock, insert, outbox,
    # link, and for two kinds the rows an earlier run wrote, read again.
    assert large <= 41


def test_a_run_with_nothing_due_is_a_query_or_two_per_kind(cast):
    count, written = queries_of_one_run(timezone.now())

    assert sum(written.values()) == 0
    assert count <= 12
