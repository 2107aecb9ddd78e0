"""An end time the clocks skip (the night they go forward) or pass twice (the night they go
back) is refused beside the end, as a start time is: kept as typed, the meeting would end an
hour later than typed, or perhaps an hour sooner than meant."""

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


def _fall_back() -> date:
    """The next last Sunday of October still ahead: 01:00 to 01:59 happen twice in London."""
    year = timezone.localdate().year + 1
    day = date(year, 10, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize(
    ("night", "refused"),
    [
        (
            _spring_forward,
            "There is no 01:30 on {day} in Europe/London: the clocks go forward an hour then.",
        ),
        (
            _fall_back,
            "01:30 on {day} happens twice in Europe/London: the clocks go back an hour then.",
        ),
    ],
    ids=["skipped", "passed twice"],
)
def test_an_end_the_clocks_skip_or_pass_twice_is_refused_beside_the_end(night, refused):
    """00:30 to 01:30 on the night the clocks go forward: there is no 01:30; booked as it
    stands, the meeting would be shown (and put in calendars) as ending at 02:30. On the
    night they go back, it could mean either 01:30."""
    day = night()
    form = MeetingForm(
        {"day": day.isoformat(), "start": "00:30", "end": "01:30"},
        default_minutes=60,
        window=None,
        busy=[],
    )

    assert not form.is_valid()
    assert form.errors["end"] == [
        refused.format(day=f"{day:%-d %B %Y}") + " Choose a time outside that hour."
    ]
