"""An event's change page says what of it may still change from two facts, how many places
are taken and whether anyone's attendance is recorded, read with the event in one query
(`Event.objects.with_places_and_attendance`), not asked again by the form or by the save;
and neither the page nor a save costs more with more people registered."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import RegistrationStatus
from tests.admin_pages import words
from tests.cast import from_the_cast
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")

programme = from_the_cast("programme")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(datetime(2026, 9, 15, 10, 0, tzinfo=LONDON), tick=False)


def briefing_held(programme, registered: int):
    """A briefing on 8 September, already held: `registered` came, one more cancelled."""
    event = EventFactory(
        programme=programme,
        title="Mentor briefing",
        starts_at=datetime(2026, 9, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 9, 8, 17, 30, tzinfo=LONDON),
        capacity=40,
    )
    RegistrationFactory.create_batch(registered, event=event, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    return event


def briefing_to_come(programme, registered: int):
    """A briefing on 8 October: `registered` hold a place, one more cancelled."""
    event = EventFactory(
        programme=programme,
        title="Mentor briefing",
        starts_at=datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
        capacity=40,
    )
    RegistrationFactory.create_batch(registered, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    return event


def queries(callable_) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    return len(captured), result


# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions (one query: accounts.access.staff_facts_read), 4 the event with its places taken
# and whether attendance is recorded (one query, subqueries), 5 the registrations shown below
# it, each with its person and event, 6 whether anyone registered (then it is not deleted), 7
# the programmes to choose from.
CHANGE_PAGE_QUERIES = 7


@pytest.mark.parametrize(
    ("event", "said"),
    [
        (briefing_to_come, "are taken, so no fewer than that."),
        (briefing_held, "This event has started, so its start and end stay as they are"),
    ],
)
def test_the_change_page_costs_the_same_for_few_and_many_people_registered(
    office, programme, event, said
):
    few, many = event(programme, 2), event(programme, 20)
    office.get(change_url(few))  # once first: the sign-in's first page reads what it keeps

    counted = []
    for shown, registered in ((few, 2), (many, 20)):
        count, page = queries(lambda shown=shown: office.get(change_url(shown)))
        assert page.status_code == 200
        assert said in words(page.content.decode())
        assert words(page.content.decode()).count(" at Mentor briefing (") == registered + 1
        counted.append(count)

    assert counted[0] == counted[1] == CHANGE_PAGE_QUERIES


def test_the_change_page_says_how_many_places_are_taken_and_that_attendance_is_recorded(
    office, programme
):
    held = briefing_held(programme, 3)

    page = words(office.get(change_url(held)).content.decode())

    assert "3 places are taken, so no fewer than that." in page
    assert "3 places are taken, so it stays a briefing" in page
    assert "This event has started, so its start and end stay as they are" in page


# Saving a new capacity, nothing moved: 1-3 as the page; 4 the event with its places and
# attendance (is the change one to ask about first?), 5-6 the programme chosen (the field,
# then the model's check that it exists), 7-21 the event's five database checks, each in a
# savepoint; 22 the change view's savepoint, 23 the event with its places and attendance again
# (Django's view reads its own, then saves the form already checked), 24 the columns the page
# stamped, locked, compared with its stamp (`StaleEditGuard`), 25 the registrations shown (not
# checked one by one: nothing in them changes there); 26 the save's savepoint, 27 the event
# locked, 28 with its places and attendance as they are now, 29 the update, 30 released, 31
# the admin's log, 32 the view's savepoint released. Nothing else counts places or looks for
# attendance.
SAVE_QUERIES = 32


def test_saving_an_event_costs_the_same_for_few_and_many_people_registered(office, programme):
    few, many = briefing_to_come(programme, 2), briefing_to_come(programme, 20)
    office.get(change_url(few))

    counted = []
    for shown in (few, many):
        data = as_posted(office, shown, capacity="30")
        count, response = queries(
            lambda shown=shown, data=data: office.post(change_url(shown), data)
        )
        assert response.status_code == 302
        shown.refresh_from_db()
        assert shown.capacity == 30
        counted.append(count)

    assert counted[0] == counted[1] == SAVE_QUERIES


# A capacity refused for the places taken: 1-6 as a save, 7-18 the four database checks left
# (not the capacity's, which is in error), 19 the change view's savepoint, 20 the event with
# its places and attendance (Django's view, which shows the form already checked), 21 the
# registrations shown, 22 the event as saved (the heading names it so, not as typed), with its
# places and attendance, 23 whether anyone registered, 24 the savepoint released, 25 the
# programmes to choose from.
REFUSED_QUERIES = 25


def test_a_capacity_refused_for_the_places_taken_asks_no_more_than_a_save(office, programme):
    event = briefing_to_come(programme, 12)
    data = as_posted(office, event, capacity="10")

    count, response = queries(lambda: office.post(change_url(event), data))

    assert response.status_code == 200
    assert "12 places are taken: the capacity cannot be less than that." in words(
        response.content.decode()
    )
    event.refresh_from_db()
    assert event.capacity == 40
    assert count == REFUSED_QUERIES
