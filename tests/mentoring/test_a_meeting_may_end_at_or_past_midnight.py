"""A meeting may end at midnight or past it: an end no later than the start on the clock is
on the next day (23:00 to 00:00 is an hour), as a time picker gives midnight as 00:00. Maya's
evening meeting from 23:00 to 00:00 was refused ("The meeting must end after it starts").
An end earlier than the start that would make the meeting longer than the longest (11:00 to
10:00) is still a slip, and said so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting

pytestmark = pytest.mark.django_db


def propose(client, cast, start: str, end: str):
    day = timezone.localdate() + timedelta(days=10)
    return client.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": day.isoformat(), "start": start, "end": end, "location": "Room 1"},
    )


@pytest.mark.parametrize(
    ("start", "end", "minutes"), [("23:00", "00:00", 60), ("22:30", "01:00", 150)]
)
def test_an_evening_meeting_ending_at_or_after_midnight_is_proposed(
    client, cast, start, end, minutes
):
    client.force_login(cast.mentor)

    response = propose(client, cast, start, end)

    assert response.status_code == 302
    meeting = Meeting.objects.get(match=cast.pair, location="Room 1")
    assert meeting.minutes == minutes
    assert f"{timezone.localtime(meeting.starts_at):%H:%M}" == start
    assert f"{timezone.localtime(meeting.ends_at):%H:%M}" == end
    assert timezone.localtime(meeting.ends_at).date() == timezone.localtime(
        meeting.starts_at
    ).date() + timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end"), [("11:00", "10:00"), ("10:00", "10:00"), ("15:00", "06:59")]
)
def test_an_end_before_the_start_that_would_last_over_8_hours_is_a_slip(client, cast, start, end):
    client.force_login(cast.mentor)

    response = propose(client, cast, start, end)

    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.filter(match=cast.pair, location="Room 1").exists()


def test_the_end_says_midnight_is_the_end_of_the_day_before_anyone_types_it(client, cast):
    client.force_login(cast.mentor)

    page = client.get(reverse("meeting_new", args=[cast.pair.pk])).content.decode()

    assert "00:00 is midnight, at the end of the day." in page


def test_the_calendars_last_day_ending_at_midnight_is_refused_with_a_message(client, cast):
    """9999-12-31 has no next day: refused as too far ahead, never a server error."""
    client.force_login(cast.mentor)

    response = client.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": "9999-12-31", "start": "23:00", "end": "00:00", "location": "Room 1"},
    )

    assert response.status_code == 200
    assert "Choose a date within the next two years." in response.content.decode()
