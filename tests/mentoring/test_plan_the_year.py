""" "Plan the year": Maya and Bola last met at ten on a Monday morning in October; the
dates offered follow their programme's rhythm at the same time of day, never on a weekend
or a bank holiday, and never after the programme ends."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from mentoring.availability import to_mask
from mentoring.models import Meeting, MeetingStatus
from mentoring.selectors.pairs import pair_view, planned_times
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Wednesday 21 October 2026, two days after Maya and Bola last met.
TODAY = datetime(2026, 10, 21, 9, 0, tzinfo=LONDON)
# Their programme's window is six to eight weeks, so the plan is a meeting every seven.
EVERY_SEVEN_WEEKS = [
    date(2026, 12, 7),
    date(2027, 1, 25),
    date(2027, 3, 15),
    date(2027, 5, 4),  # Monday 3 May is the Early May bank holiday
    date(2027, 6, 21),
    date(2027, 8, 9),
    date(2027, 9, 27),
]


def at_ten(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)


@pytest.fixture
def programme(cast):
    """The cast's programme, keeping England's public holidays."""
    programme = cast.programme
    programme.gap_min_weeks, programme.gap_max_weeks = 6, 8
    programme.holiday_country, programme.holiday_subdivision = "GB", "ENG"
    programme.save()
    return programme


@pytest.fixture
def last_met(cast, programme):
    """Maya and Bola met at 10:00 on Monday 19 October 2026, still in summer time."""
    return HeldMeetingFactory(match=cast.pair, starts_at=at_ten(date(2026, 10, 19)))


def plan(cast):
    return planned_times(pair_view(cast.pair, cast.mentor), TODAY.date())


@time_machine.travel(TODAY, tick=False)
def test_dates_follow_the_cadence_from_the_last_meeting_at_the_same_time_of_day(cast, last_met):
    planned = plan(cast)

    assert [moment.date() for moment in planned] == EVERY_SEVEN_WEEKS
    assert {(moment.hour, moment.minute) for moment in planned} == {(10, 0)}
    assert all(moment.tzinfo == LONDON for moment in planned)


@time_machine.travel(TODAY, tick=False)
def test_ten_oclock_stays_ten_oclock_after_the_clocks_go_back(cast, last_met):
    december = plan(cast)[0]

    assert last_met.starts_at.astimezone(LONDON).utcoffset() == timedelta(hours=1)
    assert december.utcoffset() == timedelta(0)
    assert december.astimezone(LONDON).hour == 10


@time_machine.travel(TODAY, tick=False)
def test_no_date_falls_on_a_weekend_or_a_public_holiday(cast, programme, last_met):

    planned = [moment.date() for moment in plan(cast)]

    assert planned
    assert [day for day in planned if day.weekday() >= 5 or programme.is_public_holiday(day)] == []
    assert date(2027, 5, 3) not in planned


@time_machine.travel(TODAY, tick=False)
def test_no_date_is_offered_after_the_programme_ends(cast, programme, last_met):
    programme.ends_on = date(2027, 9, 1)
    programme.save()

    planned = [moment.date() for moment in plan(cast)]

    assert planned == EVERY_SEVEN_WEEKS[:-1]


@time_machine.travel(TODAY, tick=False)
def test_a_date_moved_past_the_programmes_end_by_a_holiday_is_left_out(cast, programme, last_met):
    # The fourth date, Monday 3 May, is a bank holiday; Tuesday is a day too late.
    programme.ends_on = date(2027, 5, 3)
    programme.save()

    assert [moment.date() for moment in plan(cast)] == EVERY_SEVEN_WEEKS[:3]


@time_machine.travel(TODAY, tick=False)
def test_nothing_is_offered_once_the_programme_has_ended(cast, programme, last_met):
    programme.ends_on = date(2026, 10, 20)
    programme.save()

    assert plan(cast) == []


@time_machine.travel(TODAY, tick=False)
def test_the_year_ends_a_year_from_today(cast, last_met):
    planned = plan(cast)

    assert planned[-1].date() <= date(2027, 10, 21)
    assert date(2027, 11, 15) not in [moment.date() for moment in planned]


@time_machine.travel(TODAY, tick=False)
def test_the_plan_counts_from_a_meeting_already_proposed_at_its_time(cast, programme, last_met):
    MeetingFactory(match=cast.pair, status="proposed", starts_at=at_ten(date(2026, 11, 26)))
    MeetingFactory(
        match=cast.pair,
        status="proposed",
        starts_at=datetime(2026, 11, 30, 14, 30, tzinfo=LONDON),
    )

    planned = plan(cast)

    assert planned[0] == datetime(2027, 1, 18, 14, 30, tzinfo=LONDON)


@time_machine.travel(TODAY, tick=False)
def test_a_cancelled_meeting_does_not_move_the_plan(cast, programme, last_met):
    MeetingFactory(
        match=cast.pair,
        status="cancelled",
        starts_at=datetime(2026, 11, 30, 14, 30, tzinfo=LONDON),
    )

    assert plan(cast)[0] == at_ten(date(2026, 12, 7))


@time_machine.travel(TODAY, tick=False)
def test_a_pair_that_has_not_met_is_offered_the_time_the_planner_can_meet_from_next_week(
    cast, programme
):
    """Maya can meet on Tuesday and Thursday mornings, Bola on Tuesday morning and Friday
    afternoon; from the week after today (Wednesday 21 October), each is offered their own
    first time. The dates once read both answers (Tuesdays at ten), which told each of them
    the other's: a board member's profile answer and a mentor's application are the
    programme office's (DESIGN: confidentiality)."""
    assert plan(cast)[0] == at_ten(date(2026, 10, 29))
    as_bola = planned_times(pair_view(cast.pair, cast.board_member), TODAY.date())
    assert as_bola[0] == datetime(2026, 10, 30, 14, 0, tzinfo=LONDON)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("planner", ["mentor", "board_member"])
def test_the_dates_say_nothing_of_when_the_partner_can_meet(cast, programme, planner):
    """Two partners whose answers differ give the person planning the same dates."""
    partner = cast.pair.board_member if planner == "mentor" else cast.pair.mentor
    seen = []
    for slots in ([("Tuesday", "morning")], [("Thursday", "morning"), ("Friday", "afternoon")]):
        partner.availability = to_mask(slots)
        partner.save(update_fields=["availability"])
        seen.append(planned_times(pair_view(cast.pair, getattr(cast, planner)), TODAY.date()))

    assert seen[0] == seen[1]


@time_machine.travel(TODAY, tick=False)
def test_an_afternoon_both_can_meet_is_offered_at_two(cast, programme):
    for side in (cast.pair.mentor, cast.pair.board_member):
        side.availability = to_mask([("Friday", "afternoon")])
        side.save(update_fields=["availability"])

    first = plan(cast)[0]

    assert first == datetime(2026, 10, 30, 14, 0, tzinfo=LONDON)


# --- the page at /match/<pk>/plan/ ----------------------------------------------------------


@pytest.fixture
def url(cast):
    return reverse("pair_plan", args=[cast.pair.pk])


@time_machine.travel(TODAY, tick=False)
def test_maya_sees_the_dates_to_propose_all_ticked(client, cast, last_met, url):
    client.force_login(cast.mentor)

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Monday 7 December 2026, 10:00" in page
    assert "Tuesday 4 May 2027, 10:00" in page
    assert "Monday 3 May 2027" not in page
    assert page.count("checked") == len(EVERY_SEVEN_WEEKS)
    assert "Propose these dates to" in page


@time_machine.travel(TODAY, tick=False)
def test_only_the_dates_maya_ticks_are_proposed_to_bola(
    client, cast, last_met, url, django_capture_on_commit_callbacks
):
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"dates": ["2026-12-07T10:00:00+00:00", "2027-05-04T10:00:00+01:00"]}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings")
    proposed = Meeting.objects.filter(match=cast.pair, status=MeetingStatus.PROPOSED)
    assert [m.starts_at for m in proposed] == [at_ten(date(2026, 12, 7)), at_ten(date(2027, 5, 4))]
    assert {m.proposed_by for m in proposed} == {cast.mentor}
    assert {m.minutes for m in proposed} == {cast.programme.meeting_minutes}
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bola@example.org"], "Maya Mentor proposed 2 meeting dates")
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_date_that_was_not_offered_cannot_be_proposed(client, cast, last_met, url):
    client.force_login(cast.mentor)

    response = client.post(url, {"dates": ["2027-05-03T10:00:00+01:00"]})

    assert response.status_code == 200
    assert "no longer on offer" in response.content.decode()
    assert not Meeting.objects.filter(match=cast.pair, status=MeetingStatus.PROPOSED).exists()


@time_machine.travel(TODAY, tick=False)
def test_unticking_every_date_proposes_nothing(client, cast, last_met, url):
    client.force_login(cast.mentor)

    # The browser sends the form's CSRF token and no dates.
    response = client.post(url, {"csrfmiddlewaretoken": "token"})

    assert response.status_code == 200
    assert "Tick at least one date to propose." in response.content.decode()
    assert not Meeting.objects.filter(match=cast.pair, status=MeetingStatus.PROPOSED).exists()


@time_machine.travel(TODAY, tick=False)
def test_bola_can_plan_the_year_too(client, cast, last_met, url):
    client.force_login(cast.board_member)

    response = client.post(url, {"dates": ["2027-01-25T10:00:00+00:00"]})

    assert response.status_code == 302
    meeting = Meeting.objects.get(match=cast.pair, status=MeetingStatus.PROPOSED)
    assert (meeting.starts_at, meeting.proposed_by) == (
        at_ten(date(2027, 1, 25)),
        cast.board_member,
    )


@pytest.mark.parametrize("role", ["other_mentor", "coordinator", "superuser"])
def test_nobody_outside_the_pair_can_plan_its_year(client, cast, url, role):
    client.force_login(getattr(cast, role))

    assert client.get(url).status_code == 404
    assert client.post(url, {"dates": ["2027-01-25T10:00:00+00:00"]}).status_code == 404
    assert not Meeting.objects.filter(match=cast.pair).exists()


def test_a_visitor_is_asked_to_sign_in(client, cast, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
