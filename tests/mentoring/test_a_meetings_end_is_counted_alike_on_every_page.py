"""A meeting's end is its start plus its minutes as they pass (`cadence.meeting_end`,
counted in UTC), not the minutes added to the clock face: the night the clocks go back,
90 minutes from 00:30 end at 01:00 GMT. The meeting itself (`Meeting.ends_at`), the proposal
form's warnings and "Plan the year" all count it so, and say the same overlaps."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from mentoring.cadence import Busy, meeting_end
from mentoring.forms.meetings import PlanForm
from mentoring.models import Meeting

LONDON = ZoneInfo("Europe/London")


def the_night_the_clocks_go_back() -> date:
    day = date(timezone.localdate().year + 1, 10, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


NIGHT = the_night_the_clocks_go_back()
HALF_PAST_MIDNIGHT = datetime.combine(NIGHT, time(0, 30), tzinfo=LONDON)
# 01:15 to 01:45 GMT: after a 90-minute meeting from 00:30 BST has ended (01:00 GMT).
BRIEFING = Busy(
    datetime.combine(NIGHT, time(1, 15), tzinfo=UTC),
    datetime.combine(NIGHT, time(1, 45), tzinfo=UTC),
    "the night shift's briefing",
)


def test_ninety_minutes_from_half_past_midnight_end_at_one_gmt_the_night_the_clocks_go_back():
    assert meeting_end(HALF_PAST_MIDNIGHT, 90) == datetime.combine(NIGHT, time(1, 0), tzinfo=UTC)


def test_a_meeting_ends_where_meeting_end_says():
    meeting = Meeting(starts_at=HALF_PAST_MIDNIGHT, minutes=90)

    assert meeting.ends_at == meeting_end(HALF_PAST_MIDNIGHT, 90)


def test_plan_the_year_does_not_call_an_event_after_the_meetings_end_an_overlap():
    form = PlanForm(times=[HALF_PAST_MIDNIGHT], minutes=90, busy=[BRIEFING])

    assert form.overlapping[HALF_PAST_MIDNIGHT] == []


def test_plan_the_year_calls_an_event_before_the_meetings_end_an_overlap():
    earlier = Busy(BRIEFING.starts_at - timedelta(minutes=30), BRIEFING.ends_at, "a call")

    form = PlanForm(times=[HALF_PAST_MIDNIGHT], minutes=90, busy=[earlier])

    assert form.overlapping[HALF_PAST_MIDNIGHT] == [earlier]
