"""The events page's list (selectors.events_listed: its SQL worked out once per process for
each shape of the person's parts) is what `events_for` gives, for everyone and as the clock
moves on: events of their programmes for their audience, briefings alone while an
application is under review, places taken and their own registration, called-off events
where they held a place."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mentoring.models import ApplicationStatus, Audience, EventKind, RegistrationStatus
from mentoring.selectors import events_for, events_listed, participations
from tests.factories import EventFactory, MentorApplicationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["mentor", "board_member", "other_mentor", "coordinator", "outsider"]


# The calendar's own events (the cast has briefings of its own besides).
OURS = {"Mentor briefing", "Cohort session", "Board briefing", "Called off", "Past"}


def titles(events) -> list[str]:
    return [event.title for event in events if event.title in OURS]


def shown(events) -> list[tuple]:
    return [(e.pk, e.title, e.places_taken, e.my_status, e.programme.name) for e in events]


@pytest.fixture
def calendar(cast):
    """A programme's events: a briefing for mentors, a joint session, one for board members,
    one called off where the mentor held a place, one past, and another programme's."""
    programme, soon = cast.programme, timezone.now() + timedelta(days=3)
    briefing = EventFactory(programme=programme, title="Mentor briefing", starts_at=soon)
    joint = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Cohort session",
        starts_at=soon + timedelta(days=30),
    )
    EventFactory(
        programme=programme,
        audience=Audience.BOARD_MEMBERS,
        title="Board briefing",
        starts_at=soon + timedelta(hours=2),
    )
    called_off = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        title="Called off",
        called_off_at=timezone.now(),
        starts_at=soon + timedelta(days=1),
    )
    EventFactory(programme=programme, title="Past", starts_at=timezone.now() - timedelta(days=9))
    EventFactory(title="Another programme's briefing", starts_at=soon)
    RegistrationFactory(event=joint, person=cast.mentor)
    RegistrationFactory(event=joint, person=cast.board_member)
    RegistrationFactory(event=called_off, person=cast.mentor)
    RegistrationFactory(
        event=briefing, person=cast.other_mentor, status=RegistrationStatus.CANCELLED
    )
    return {"briefing": briefing, "joint": joint}


@pytest.mark.parametrize("role", PEOPLE)
def test_the_list_is_what_events_for_gives_for_everyone(cast, calendar, role):
    person = getattr(cast, role)
    parts = participations(person)

    listed = events_listed(person, parts)

    assert shown(listed) == shown(events_for(person, parts, called_off_held=True))


def test_what_each_person_is_shown(cast, calendar):
    seen = {
        role: titles(events_listed(getattr(cast, role), participations(getattr(cast, role))))
        for role in PEOPLE
    }

    assert seen["mentor"] == ["Mentor briefing", "Called off", "Cohort session"]
    assert seen["board_member"] == ["Board briefing", "Cohort session"]
    assert seen["other_mentor"] == ["Mentor briefing", "Cohort session"]
    assert seen["coordinator"] == seen["outsider"] == []
    listed = events_listed(cast.mentor, participations(cast.mentor))
    joint = next(event for event in listed if event.title == "Cohort session")
    assert (joint.places_taken, joint.my_status) == (2, RegistrationStatus.REGISTERED)


def test_an_applicant_under_review_is_listed_the_briefings_alone(cast, calendar):
    applicant = MentorApplicationFactory(
        programme=cast.programme, status=ApplicationStatus.SUBMITTED
    ).applicant
    parts = participations(applicant)

    listed = events_listed(applicant, parts)

    assert titles(listed) == ["Mentor briefing"]
    assert shown(listed) == shown(events_for(applicant, parts, called_off_held=True))


def test_an_event_that_has_begun_leaves_the_list(cast, calendar):
    parts = participations(cast.mentor)
    assert "Mentor briefing" in titles(events_listed(cast.mentor, parts))

    with time_machine.travel(calendar["briefing"].starts_at + timedelta(minutes=1)):
        listed = events_listed(cast.mentor, parts)
        assert "Mentor briefing" not in titles(listed)
        assert shown(listed) == shown(events_for(cast.mentor, parts, called_off_held=True))
