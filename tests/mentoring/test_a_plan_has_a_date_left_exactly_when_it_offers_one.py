"""Whether "Plan the year" has a date left (`plan_has_a_date_left`, which the pair page, the
schedule and the "time to book" nudge offer planning by, from what they read already) is
exactly whether the plan page offers a date (`planned_times`), over a grid of days (one
in the Christmas holidays, one at a year's end), last days, latest meetings (none, past, to
come), rhythms and availabilities. No database."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from mentoring.availability import ALL_SLOTS, to_mask
from mentoring.models import (
    BoardMember,
    Match,
    Meeting,
    MeetingStatus,
    MentorApplication,
    Programme,
)
from mentoring.selectors.pairs import (
    PairView,
    dated_meetings,
    plan_has_a_date_left,
    planned_times,
)

LONDON = ZoneInfo("Europe/London")
TODAYS = [date(2026, 10, 21), date(2026, 12, 18), date(2026, 12, 30), date(2027, 4, 1)]
LAST_DAYS = [None, -30, -1, 0, 1, 3, 6, 7, 8, 9, 12, 13, 14, 28, 29, 31, 35, 60, 400]
LATEST = [None, -400, -60, -49, -42, -35, -22, -21, -1, 1, 7, 30, 300, 360, 400]
GAPS = [(6, 8), (1, 1), (4, 5)]
AVAILABILITIES = [0, to_mask([("Friday", "afternoon")]), ALL_SLOTS]
STATUSES = [MeetingStatus.HELD, MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED]


def pair_of(today, last_day, latest, gap, availability, status) -> PairView:
    programme = Programme(
        name="Grid",
        gap_min_weeks=gap[0],
        gap_max_weeks=gap[1],
        ends_on=None if last_day is None else today + timedelta(days=last_day),
        holiday_country="GB",
        holiday_subdivision="ENG",
    )
    maya, bola = User(full_name="Maya Mentor"), User(full_name="Bola Board")
    match = Match(
        programme=programme,
        mentor=MentorApplication(programme=programme, applicant=maya, availability=availability),
        board_member=BoardMember(programme=programme, user=bola, availability=availability),
    )
    meetings = []
    if latest is not None:
        starts = datetime.combine(today + timedelta(days=latest), time(15, 30), tzinfo=LONDON)
        meetings = [
            Meeting(match=match, status=MeetingStatus.CANCELLED, starts_at=starts + timedelta(1)),
            Meeting(match=match, status=status, starts_at=starts),
        ]
    return PairView(
        match=match, me=maya, side="mentor", partner=bola, meetings=meetings, actions=[]
    )


@pytest.mark.parametrize("today", TODAYS)
def test_a_plan_has_a_date_left_exactly_when_planned_times_gives_one(today):
    agreed, offered = 0, 0
    for last_day, latest, gap, availability, status in itertools.product(
        LAST_DAYS, LATEST, GAPS, AVAILABILITIES, STATUSES
    ):
        if latest is None and status != MeetingStatus.HELD:
            continue  # without a meeting, its status says nothing: once is enough
        if latest is not None and availability != ALL_SLOTS:
            continue  # availability counts only before a first meeting
        pair = pair_of(today, last_day, latest, gap, availability, status)
        latest_start = max(dated_meetings(pair), default=None)
        left = plan_has_a_date_left(pair.match, side="mentor", latest=latest_start, today=today)
        planned = bool(planned_times(pair, today))
        assert left == planned, (today, last_day, latest, gap, availability, status)
        agreed += 1
        offered += planned
    # The grid has both answers, many times.
    assert 0 < offered < agreed
