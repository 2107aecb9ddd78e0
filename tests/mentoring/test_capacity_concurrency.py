"""Two people who click Register for the last place at the same moment cannot both get it.

`registration_create` locks the event row (SELECT ... FOR UPDATE) before counting the places
taken. SQLite has no row locks and serialises writers anyway, so this needs PostgreSQL.
"""

import threading

import pytest
from django.db import connection

from mentoring.models import Registration
from mentoring.models.events import HOLDS_A_PLACE
from mentoring.services.events import EventError, registration_create
from tests.concurrency import needs_postgresql
from tests.factories import EventFactory, RegistrationFactory, application_from

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgresql,
]

ATTEMPTS = 5


def race_for_the_last_place(event, people) -> dict:
    """Each person calls `registration_create` from their own thread, all at once.
    Returns what each got: their registration, or the EventError."""
    start = threading.Barrier(len(people))
    outcomes = {}

    def register(person):
        try:
            start.wait(timeout=10)
            outcomes[person.pk] = registration_create(event=event, person=person)
        except Exception as error:
            outcomes[person.pk] = error
        finally:
            # Each thread opened its own connection; leave none behind for the next test.
            connection.close()

    threads = [threading.Thread(target=register, args=[person]) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a registration never finished"
    return outcomes


@pytest.mark.parametrize("attempt", range(ATTEMPTS))
def test_two_people_cannot_both_take_the_last_place(attempt):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    # Applicants under review in its programme, whom its mentors' briefing is for.
    priya = application_from(event.programme, "Priya Patel").applicant
    tom = application_from(event.programme, "Tom Tran").applicant

    outcomes = race_for_the_last_place(event, [priya, tom])

    registered = [o for o in outcomes.values() if isinstance(o, Registration)]
    refused = [o for o in outcomes.values() if not isinstance(o, Registration)]
    assert len(registered) == 1, outcomes
    [error] = refused
    assert isinstance(error, EventError), repr(error)
    assert "Sorry, this event is full." in str(error)
    assert event.registrations.filter(status__in=HOLDS_A_PLACE).count() == 2
    assert Registration.objects.filter(event=event, person__in=[priya, tom]).count() == 1


def test_everyone_gets_a_place_while_places_remain():
    event = EventFactory(capacity=4)
    people = [
        application_from(event.programme, name).applicant
        for name in ("Ada Adeyemi", "Ben Boateng", "Cy Chen", "Dee Diaz")
    ]

    outcomes = race_for_the_last_place(event, people)

    assert all(isinstance(o, Registration) for o in outcomes.values()), outcomes
    assert event.registrations.filter(status__in=HOLDS_A_PLACE).count() == 4
