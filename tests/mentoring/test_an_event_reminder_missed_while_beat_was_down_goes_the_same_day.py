"""An event's reminder is due the day before it; a dispatcher that was down all that day
catches up on the event's own day, before it starts, once: the email says "Today". A place
taken on the day the reminder is due, or after, has just had its confirmation: neither
reminds of it on top."""

from datetime import datetime, time, timedelta

import pytest

from tests.factories import EventFactory, RegistrationFactory
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

WEDNESDAY = MONDAY.date() + timedelta(days=2)


def briefing_at(cast, hour):
    event = EventFactory(
        programme=cast.programme,
        starts_at=datetime.combine(WEDNESDAY, time(hour), tzinfo=LONDON),
        title="Mentor briefing",
    )
    RegistrationFactory(event=event, person=cast.mentor)
    return event


def briefing_subjects(mailoutbox):
    return [
        m.subject for m in mailoutbox if m.to == ["maya@example.org"] and "briefing" in m.subject
    ]


def runs_at(clock, dispatch, *moments):
    for day, hour, minute in moments:
        clock.move_to(datetime.combine(day, time(hour, minute), tzinfo=LONDON), tick=False)
        dispatch()


def test_beat_down_the_whole_day_before_reminds_on_the_day_once(cast, clock, dispatch, mailoutbox):
    briefing_at(cast, 14)
    tuesday = WEDNESDAY - timedelta(days=1)

    # The last run before the outage is in the night (event reminders wait for 08:00).
    runs_at(clock, dispatch, (tuesday, 7, 55), (WEDNESDAY, 8, 30), (WEDNESDAY, 8, 35))

    assert briefing_subjects(mailoutbox) == ["Today: Mentor briefing, 14:00 GMT"]


def test_a_reminder_sent_the_day_before_is_not_sent_again_on_the_day(
    cast, clock, dispatch, mailoutbox
):
    briefing_at(cast, 14)
    tuesday = WEDNESDAY - timedelta(days=1)

    runs_at(clock, dispatch, (tuesday, 8, 0), (WEDNESDAY, 8, 0), (WEDNESDAY, 12, 0))

    assert briefing_subjects(mailoutbox) == ["Tomorrow: Mentor briefing, 14:00 GMT"]


def test_an_event_already_started_is_not_caught_up_on(cast, clock, dispatch, mailoutbox):
    briefing_at(cast, 8)

    runs_at(clock, dispatch, (WEDNESDAY, 8, 30))

    assert briefing_subjects(mailoutbox) == []


def test_a_place_taken_on_the_day_is_not_reminded_of_on_top_of_its_confirmation(
    cast, clock, dispatch, mailoutbox
):
    """Catching up is for places held the day before: one taken on the event's own day has
    just had its confirmation, with the time."""
    event = EventFactory(
        programme=cast.programme,
        starts_at=datetime.combine(WEDNESDAY, time(14), tzinfo=LONDON),
        title="Mentor briefing",
    )
    clock.move_to(datetime.combine(WEDNESDAY, time(9), tzinfo=LONDON), tick=False)
    RegistrationFactory(event=event, person=cast.mentor)

    runs_at(clock, dispatch, (WEDNESDAY, 9, 5), (WEDNESDAY, 12, 0))

    assert briefing_subjects(mailoutbox) == []


def test_a_place_taken_the_day_before_is_not_reminded_of_on_top_of_its_confirmation(
    cast, clock, dispatch, mailoutbox
):
    """The reminder is due the day before: a place taken that day has just had its
    confirmation, with the time, and no "Tomorrow" follows it minutes later, nor a "Today"
    on the day, when the dispatcher was down."""
    tuesday = WEDNESDAY - timedelta(days=1)
    clock.move_to(datetime.combine(tuesday, time(10), tzinfo=LONDON), tick=False)
    briefing_at(cast, 14)

    runs_at(clock, dispatch, (tuesday, 10, 5), (WEDNESDAY, 8, 30))

    assert briefing_subjects(mailoutbox) == []


def test_a_place_taken_the_evening_before_that_is_reminded_in_the_morning(
    cast, clock, dispatch, mailoutbox
):
    monday = WEDNESDAY - timedelta(days=2)
    clock.move_to(datetime.combine(monday, time(20), tzinfo=LONDON), tick=False)
    briefing_at(cast, 14)

    runs_at(clock, dispatch, (monday + timedelta(days=1), 8, 0))

    assert briefing_subjects(mailoutbox) == ["Tomorrow: Mentor briefing, 14:00 GMT"]
