"""A time that names no single moment in the programme's time zone is refused beside "Starts
at", in the words the office's date-and-time boxes use (`accounts.clocks`): one the clocks
skip (01:00 to 01:59 on the night they go forward) was booked an hour later than typed, and
one they pass twice (01:00 to 01:59 on the night they go back) at the first of the two,
perhaps not the one meant (01:30 to 02:00 was stored as 90 minutes). The times either side
are booked as typed. A meeting across the night the clocks change lasts as the wall clock
runs."""

from datetime import UTC, date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.forms.meetings import MeetingForm
from mentoring.models import Meeting

pytestmark = pytest.mark.django_db

# The last Sunday of March 2027: in London the clocks go from 01:00 GMT to 02:00 BST.
CLOCKS_GO_FORWARD = date(2027, 3, 28)
CLOCKS_GO_BACK = date(2027, 10, 31)


def _form(day: date, start: str) -> MeetingForm:
    return MeetingForm(
        {"day": day.isoformat(), "start": start}, default_minutes=60, window=None, busy=[]
    )


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (
            CLOCKS_GO_FORWARD,
            "There is no 01:30 on 28 March 2027 in Europe/London: the clocks go forward an hour "
            "then. Choose a time outside that hour.",
        ),
        (
            CLOCKS_GO_BACK,
            "01:30 on 31 October 2027 happens twice in Europe/London: the clocks go back an hour "
            "then. Choose a time outside that hour.",
        ),
    ],
    ids=["skipped", "passed twice"],
)
def test_a_time_the_clocks_skip_or_pass_twice_is_refused_beside_the_start(day, refused):
    form = _form(day, "01:30")

    assert not form.is_valid()
    assert form.errors["start"] == [refused]


def test_a_meeting_typed_in_the_hour_passed_twice_is_not_stored_longer_than_typed(cast, maya):
    """01:30 to 02:00 on the night the clocks go back: taken as the first 01:30, it was
    stored as a 90-minute meeting, which the partner's calendar then blocked out."""
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": CLOCKS_GO_BACK.isoformat(), "start": "01:30", "end": "02:00", "location": "Room"},
    )

    assert response.status_code == 200
    assert "01:30 on 31 October 2027 happens twice" in response.content.decode()
    assert not Meeting.objects.filter(match=cast.pair).exists()


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (CLOCKS_GO_FORWARD, "00:59"),
        (CLOCKS_GO_FORWARD, "02:00"),
        (CLOCKS_GO_BACK, "00:59"),
        (CLOCKS_GO_BACK, "02:00"),
        (date(2027, 3, 29), "01:30"),
    ],
)
def test_a_time_that_exists_is_booked_as_typed(day, start):
    form = _form(day, start)

    assert form.is_valid(), form.errors
    # As it is read back from the database: in UTC, then shown in the programme's zone.
    shown = timezone.localtime(form.cleaned_data["starts_at"].astimezone(UTC))
    assert (shown.date(), f"{shown:%H:%M}") == (day, start)


def test_proposing_a_time_the_clocks_skip_books_nothing(cast, maya):
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": CLOCKS_GO_FORWARD.isoformat(), "start": "01:30", "location": "Room 1"},
    )

    assert response.status_code == 200
    assert "There is no 01:30 on 28 March 2027" in response.content.decode()
    assert not Meeting.objects.filter(match=cast.pair).exists()


@pytest.mark.parametrize(
    ("day", "minutes"),
    [(CLOCKS_GO_FORWARD, 60), (CLOCKS_GO_BACK, 180), (date(2027, 3, 29), 120)],
    ids=["an hour skipped", "an hour passed twice", "an ordinary night"],
)
def test_a_meeting_across_the_night_the_clocks_change_lasts_as_the_wall_clock_runs(day, minutes):
    """00:30 to 02:30: stored as it lasts, so that its end is shown as typed."""
    form = MeetingForm(
        {"day": day.isoformat(), "start": "00:30", "end": "02:30"},
        default_minutes=60,
        window=None,
        busy=[],
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["minutes"] == minutes
    # As a saved meeting's end is worked out (`Meeting.ends_at`, its start read in UTC).
    ends = form.cleaned_data["starts_at"].astimezone(UTC) + timedelta(minutes=minutes)
    assert f"{timezone.localtime(ends):%H:%M}" == "02:30"
