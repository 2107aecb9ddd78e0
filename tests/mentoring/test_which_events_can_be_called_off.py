"""The one rule for calling off an event (`why_not_call_off`): only one still to come, with
nobody's attendance recorded, and not called off already. The admin's button, its
confirmation and the service all ask it; the first reason that applies is the one said."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentoring.models import Event, RegistrationStatus
from mentoring.services.events import why_not_call_off
from tests.factories import EventFactory, RegistrationFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)

CALLED_OFF = "This event is called off already."
STARTED = "This event has started, so it can no longer be called off."
ATTENDED = "Attendance is recorded at this event, so it can no longer be called off."


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


def event(*, starts_in: timedelta, called_off: bool = False) -> Event:
    """An event (unsaved: the rule reads no database when told about attendance)."""
    return Event(
        starts_at=NOW + starts_in,
        ends_at=NOW + starts_in + timedelta(hours=3),
        called_off_at=NOW - timedelta(days=1) if called_off else None,
    )


@pytest.mark.parametrize(
    ("starts_in", "called_off", "attendance_recorded", "said"),
    [
        # still to come
        (timedelta(days=14), False, False, None),
        (timedelta(minutes=1), False, False, None),
        (timedelta(days=14), False, True, ATTENDED),
        (timedelta(days=14), True, False, CALLED_OFF),
        (timedelta(days=14), True, True, CALLED_OFF),
        # started at this very moment, under way, or over
        (timedelta(0), False, False, STARTED),
        (-timedelta(hours=1), False, False, STARTED),
        (-timedelta(days=30), False, True, STARTED),
        (-timedelta(days=30), True, False, CALLED_OFF),
    ],
)
def test_the_rule(starts_in, called_off, attendance_recorded, said):
    subject = event(starts_in=starts_in, called_off=called_off)

    assert why_not_call_off(subject, attendance_recorded=attendance_recorded) == said


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("statuses", "said"),
    [
        ([], None),
        ([RegistrationStatus.REGISTERED, RegistrationStatus.CANCELLED], None),
        ([RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED], ATTENDED),
        ([RegistrationStatus.ABSENT], ATTENDED),
    ],
)
def test_attendance_is_read_from_the_places_when_not_told(statuses, said):
    saved = EventFactory(starts_at=NOW + timedelta(days=14))
    for status in statuses:
        RegistrationFactory(event=saved, status=status)

    assert why_not_call_off(saved) == said
