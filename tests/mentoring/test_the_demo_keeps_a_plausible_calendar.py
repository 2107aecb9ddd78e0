"""The demo data (`seed_demo`, mentoring.demo) reads like a real programme whatever day it is
loaded on: the programme has started before anyone applies or is paired, each pair is
matched after both of its people were briefed, and the office's events and decisions and the
pairs' meetings fall on working days (no weekends, no public holidays)."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring.models import (
    EventKind,
    Match,
    Meeting,
    MentorApplication,
    Programme,
    Registration,
    RegistrationStatus,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SEEDED_ON = [
    # A Sunday: the briefings used to fall on the day of the week it was loaded on.
    pytest.param(datetime(2026, 11, 29, 15, 0, tzinfo=LONDON), id="a-sunday"),
    # Itself a bank holiday (Boxing Day's), with Christmas in the weeks around it.
    pytest.param(datetime(2026, 12, 28, 9, 0, tzinfo=LONDON), id="a-christmas-bank-holiday"),
    # Easter Monday: the briefings ten days back would fall on Good Friday.
    pytest.param(datetime(2027, 4, 5, 12, 0, tzinfo=LONDON), id="easter-monday"),
]


@pytest.fixture(params=SEEDED_ON)
def programme(request, time_machine) -> Programme:
    time_machine.move_to(request.param, tick=False)
    call_command("seed_demo", "--force", stdout=StringIO())
    return Programme.objects.get(slug="2026-27-pilot")


def day_of(moment: datetime) -> date:
    return timezone.localdate(moment)


def closed_days(programme: Programme, days: list[date]) -> list[date]:
    """Those of `days` that are a weekend or one of the programme's public holidays."""
    return [day for day in days if day.weekday() >= 5 or programme.is_public_holiday(day)]


def test_the_programme_starts_before_anyone_applies_and_ends_after_its_last_event(programme):
    applied = MentorApplication.objects.filter(programme=programme).values_list(
        "submitted_at", flat=True
    )
    events = [day_of(event.starts_at) for event in programme.events.all()]
    key_dates = list(programme.key_dates.values_list("date", flat=True))

    assert applied
    assert all(programme.starts_on <= day_of(moment) for moment in applied)
    assert all(programme.starts_on <= day <= programme.ends_on for day in events + key_dates)


def test_every_pair_is_matched_after_the_start_and_after_both_people_were_briefed(programme):
    pairs = list(
        Match.objects.filter(programme=programme).select_related(
            "mentor__applicant", "board_member__user"
        )
    )

    assert len(pairs) == 5
    for pair in pairs:
        assert day_of(pair.activated_at) >= programme.starts_on
        assert pair.proposed_at < pair.activated_at
        assert pair.mentor.decided_at < pair.activated_at
        for person in (pair.mentor.applicant, pair.board_member.user):
            briefed = Registration.objects.filter(
                person=person,
                status=RegistrationStatus.ATTENDED,
                event__programme=programme,
                event__kind=EventKind.BRIEFING,
                event__ends_at__lte=pair.activated_at,
            )
            assert briefed.exists(), f"{person} was paired before being briefed"


def test_events_decisions_pairings_and_meetings_fall_on_working_days(programme):
    events = [day_of(event.starts_at) for event in programme.events.all()]
    decided = [
        day_of(moment)
        for moment in MentorApplication.objects.filter(
            programme=programme, decided_at__isnull=False
        ).values_list("decided_at", flat=True)
    ]
    pairs = Match.objects.filter(programme=programme)
    paired = [day_of(pair.activated_at) for pair in pairs] + [
        day_of(pair.proposed_at) for pair in pairs
    ]
    meetings = [
        day_of(moment)
        for moment in Meeting.objects.filter(match__programme=programme).values_list(
            "starts_at", flat=True
        )
    ]

    assert len(events) == 6  # five held or to come, one called off
    assert len(decided) == 6  # every demo mentor but the one left to try the application
    assert len(paired) == 10  # five pairs, each proposed and activated
    assert meetings
    assert closed_days(programme, events) == []
    assert closed_days(programme, decided) == []
    assert closed_days(programme, paired) == []
    assert closed_days(programme, meetings) == []


def test_the_key_dates_tell_the_story_the_pairs_and_events_tell(programme):
    key_dates = dict(programme.key_dates.values_list("label", "date"))
    pairs = Match.objects.filter(programme=programme, activated_at__isnull=False)
    briefings = sorted(
        day_of(event.starts_at) for event in programme.events.filter(kind=EventKind.BRIEFING)
    )
    today = timezone.localdate()

    # Every pair of the demo was matched on the day the programme says its first pairs were.
    assert {day_of(pair.activated_at) for pair in pairs} == {key_dates["First pairs matched"]}
    # Each briefing named is one the events page lists, on the same day.
    for label in (
        "First mentor and board-member briefing",
        "Briefings for those still to be matched",
        "Second-round briefing",
    ):
        assert key_dates[label] in briefings, label
    # What is still to come is still to come, and in the order a round runs.
    assert key_dates["Briefings for those still to be matched"] < today
    assert (
        today
        <= key_dates["Applications close for the second round"]
        < key_dates["Second-round briefing"]
        < key_dates["Second-round pairs matched"]
        < key_dates["Group evaluation and learning session"]
    )
