"""The office's "two cancellations in a row" alert counts a meeting booked and gone by, not
logged yet, as met, as every other page and reminder does: two cancellations around it are
not in a row."""

from datetime import timedelta

import pytest

from tests.factories import (
    MeetingFactory,
)
from tests.winter import MONDAY

pytestmark = pytest.mark.django_db

NOW = MONDAY  # tests.winter: a Monday in winter, 10:30


# --- the reminders to book: a request to end that the office declines ---------------------


def test_two_cancellations_with_a_meeting_held_but_not_logged_between_are_not_in_a_row(
    cast, clock, dispatch, mailoutbox
):
    """README: "two cancellations in a row: the same person cancelled the pair's last two
    meetings". A meeting booked and gone by counts as held until logged (the pair page and
    the other reminders say so): the last two meetings were not both cancelled."""
    MeetingFactory(
        match=cast.pair,
        starts_at=NOW - timedelta(days=15),
        status="cancelled",
        cancelled_by=cast.board_member,
        cancelled_at=NOW - timedelta(days=20),
    )
    MeetingFactory(  # held ten days ago, not logged yet
        match=cast.pair, starts_at=NOW - timedelta(days=10), confirmed_at=NOW - timedelta(days=18)
    )
    MeetingFactory(
        match=cast.pair,
        starts_at=NOW + timedelta(days=3),
        status="cancelled",
        cancelled_by=cast.board_member,
        cancelled_at=NOW - timedelta(days=2),
    )

    assert dispatch()["cancelled_twice"] == 0
    assert not [m for m in mailoutbox if "cancelled the last two meetings" in m.body]
