"""An end time the clocks skip (the night they go forward) is refused beside the end, as a
start time is: kept as typed, the meeting would end an hour later than typed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mentoring.forms.meetings import MeetingForm

pytestmark = pytest.mark.django_db


def _spring_forward() -> date:
    """The next last Sunday of March still ahead: 01:00 to 01:59 do not exist in London."""
    year = timezone.localdate().year + 1
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_an_end_the_clocks_skip_is_refused_beside_the_end():
    """00:30 to 01:30 on the night the clocks go forward: there is no 01:30; booked as it
    stands, the meeting would be shown (and put in calendars) as ending at 02:30."""
    day = _spring_forward()
    form = MeetingForm(
        {"day": day.isoformat(), "start": "00:30", "end": "01:30"},
        default_minutes=60,
        window=None,
        busy=[],
    )

    assert not form.is_valid()
    assert "end" in form.errors
