"""A meeting may end in the hour the clocks pass twice (the night they go back in October):
90 minutes from 00:30 ends at the second 01:00, 01:00 GMT. Its length is what the end is
worked out from, so the moment is not in doubt (a typed end of 01:00 is refused, as it could
be either: tests/mentoring/test_a_meeting_end_the_clocks_skip_or_pass_twice_is_refused.py),
but "01:00" alone would be. Calendar files write such an end in UTC, as a local time that
happens twice is read as the first (RFC 5545 3.3.5); the meeting's page names the zone."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.forms.meetings import MeetingForm
from mentoring.services.pairs import calendar_feed_for
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _fall_back() -> date:
    """The next last Sunday of October still ahead: 01:00 to 01:59 happen twice in London."""
    year = timezone.localdate().year + 1
    day = date(year, 10, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _from_half_past_midnight(cast, minutes: int):
    starts_at = datetime.combine(_fall_back(), time(0, 30), tzinfo=LONDON)
    return MeetingFactory(match=cast.pair, starts_at=starts_at, minutes=minutes)


def _said(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _start_and_end(content: bytes, uid: str) -> tuple[datetime, datetime]:
    """When a calendar app puts the meeting: its start and end, in UTC."""
    (entry,) = [e for e in Calendar.from_ical(content).walk("VEVENT") if str(e["uid"]) == uid]
    return entry.decoded("dtstart").astimezone(UTC), entry.decoded("dtend").astimezone(UTC)


def test_a_meeting_ending_at_the_second_one_oclock_lasts_its_minutes_in_its_calendar_file(
    maya, cast
):
    meeting = _from_half_past_midnight(cast, 90)

    content = maya.get(reverse("meeting_calendar", args=[meeting.pk])).content
    starts, ends = _start_and_end(content, f"meeting-{meeting.pk}@reverse-mentoring")

    # 00:30 BST is 23:30 UTC the day before; 01:00 GMT is 01:00 UTC.
    assert ends - starts == timedelta(minutes=90)
    assert ends == datetime.combine(_fall_back(), time(1, 0), tzinfo=UTC)
    assert f"DTEND:{_fall_back():%Y%m%d}T010000Z".encode() in content
    assert f"DTSTART;TZID=Europe/London:{_fall_back():%Y%m%d}T003000".encode() in content


def test_and_in_the_subscribed_feed(client, cast):
    meeting = _from_half_past_midnight(cast, 90)
    token = calendar_feed_for(cast.mentor).token

    content = client.get(f"{reverse('calendar_feed')}?token={token}").content
    starts, ends = _start_and_end(content, f"meeting-{meeting.pk}@reverse-mentoring")

    assert ends - starts == timedelta(minutes=90)


def test_its_page_says_which_one_oclock_it_ends_at(maya, cast):
    meeting = _from_half_past_midnight(cast, 90)

    said = _said(maya.get(reverse("meeting_detail", args=[meeting.pk])))

    assert "00:30 to 01:00 GMT" in said


def test_a_meeting_ending_at_the_first_one_oclock_says_so_and_keeps_local_time(maya, cast):
    meeting = _from_half_past_midnight(cast, 30)

    said = _said(maya.get(reverse("meeting_detail", args=[meeting.pk])))
    content = maya.get(reverse("meeting_calendar", args=[meeting.pk])).content
    starts, ends = _start_and_end(content, f"meeting-{meeting.pk}@reverse-mentoring")

    assert "00:30 to 01:00 BST" in said
    assert ends - starts == timedelta(minutes=30)
    assert f"DTEND;TZID=Europe/London:{_fall_back():%Y%m%d}T010000".encode() in content


def test_a_meeting_outside_that_hour_names_no_zone(maya, cast):
    meeting = _from_half_past_midnight(cast, 150)  # to 02:00 GMT, which happens once

    said = _said(maya.get(reverse("meeting_detail", args=[meeting.pk])))

    assert "00:30 to 02:00 ·" in said
    later = MeetingFactory(
        match=cast.pair,
        starts_at=datetime.combine(_fall_back() + timedelta(days=3), time(10), tzinfo=LONDON),
    )
    assert "10:00 to 11:00 ·" in _said(maya.get(reverse("meeting_detail", args=[later.pk])))


def test_its_end_counts_the_minutes_that_pass_not_the_clock_faces(cast):
    """Given its start as a local time (as the form gives it), the meeting still ends 90
    minutes later: adding them to the clock face would say 02:00 GMT, an hour late."""
    meeting = _from_half_past_midnight(cast, 90)

    assert meeting.ends_at == datetime.combine(_fall_back(), time(1, 0), tzinfo=UTC)


def test_the_form_books_it_with_the_end_left_empty(cast):
    """The end worked out from the usual length is one moment, not in doubt: booked, and
    said with its zone (above)."""
    form = MeetingForm(
        {"day": _fall_back().isoformat(), "start": "00:30"},
        default_minutes=90,
        window=None,
        busy=[],
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["minutes"] == 90
