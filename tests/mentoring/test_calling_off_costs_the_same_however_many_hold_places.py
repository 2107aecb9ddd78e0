"""The call-off confirmation, an event's page (called off or going ahead) and /events/ with
events called off cost the same number of queries for a handful of places as for many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import Audience
from mentoring.services.events import event_call_off
from tests.briefings import cast_briefings_held
from tests.cast import from_the_cast
from tests.factories import EventFactory, RegistrationFactory, application_from
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

programme = from_the_cast("programme", first=cast_briefings_held)  # briefings over by now
coordinator = from_the_cast("coordinator")


@pytest.fixture
def briefing(programme):
    return EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        starts_at=timezone.now() + timedelta(days=14),
        capacity=200,
    )


def places_taken(event, count):
    for _ in range(count):
        RegistrationFactory(event=event)


# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions (one query: accounts.access.staff_facts_read), 4 the event with its places
# taken and whether attendance is recorded there (one query, subqueries), 5 those holding
# places with their people.
CONFIRMATION_QUERIES = 5


@pytest.mark.parametrize("count", [2, 40])
def test_the_confirmation_costs_the_same_for_few_and_many_places(
    client, coordinator, briefing, django_assert_max_num_queries, count
):
    places_taken(briefing, count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(CONFIRMATION_QUERIES):
        response = client.get(reverse("admin:mentoring_event_call_off", args=[briefing.pk]))

    assert f"Who will be emailed ({count})" in response.content.decode()


def test_the_confirmation_does_not_grow_with_places(client, coordinator, briefing):
    client.force_login(coordinator)
    url = reverse("admin:mentoring_event_call_off", args=[briefing.pk])
    places_taken(briefing, 2)
    few = queries_for(client, url)

    places_taken(briefing, 38)
    many = queries_for(client, url)

    assert many == few


@pytest.mark.parametrize("called_off", [True, False], ids=["called off", "going ahead"])
def test_the_page_of_an_event_does_not_grow_with_places(client, coordinator, briefing, called_off):
    client.force_login(coordinator)
    url = reverse("admin:mentoring_event_change", args=[briefing.pk])
    places_taken(briefing, 2)
    if called_off:
        event_call_off(event=briefing, by=coordinator, message="Speaker unwell.")
    queries_for(client, url)  # the first page of a session reads what later ones keep
    few = queries_for(client, url)

    places_taken(briefing, 38)
    many = queries_for(client, url)

    assert many == few


def called_off_events(programme, person, coordinator, count):
    """`count` briefings called off, each with three other people holding places; `person`
    held a place at every other one."""
    for n in range(count):
        event = EventFactory(
            programme=programme,
            audience=Audience.MENTORS,
            starts_at=timezone.now() + timedelta(days=n + 1),
        )
        places_taken(event, 3)
        if n % 2 == 0:
            RegistrationFactory(event=event, person=person)
        event_call_off(event=event, by=coordinator, message=f"Called off, {n}.")


def test_the_events_page_does_not_grow_with_events_called_off(client, programme, coordinator):
    person = application_from(programme, "Priya Patel").applicant
    client.force_login(person)
    called_off_events(programme, person, coordinator, 2)
    few = queries_for(client, reverse("events"))

    called_off_events(programme, person, coordinator, 20)
    many = queries_for(client, reverse("events"))

    assert many == few
    content = client.get(reverse("events")).content.decode()
    assert (
        content.count('<span class="badge text-bg-danger" aria-hidden="true">Called off</span>')
        == 1 + 10
    )


def queries_to_call_off(event, coordinator) -> tuple[int, int]:
    """How many queries calling off `event` costs, and how many people it emailed."""
    with CaptureQueriesContext(connection) as captured:
        told = event_call_off(event=event, by=coordinator, message="Speaker unwell.")
    return len(captured), len(told)


def test_calling_off_costs_the_same_for_few_and_many_places(programme, coordinator, briefing):
    other = EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        starts_at=timezone.now() + timedelta(days=15),
        capacity=200,
    )
    places_taken(briefing, 2)
    places_taken(other, 40)

    few, told_few = queries_to_call_off(briefing, coordinator)
    many, told_many = queries_to_call_off(other, coordinator)

    assert (told_few, told_many) == (2, 40)
    assert OutboxMessage.objects.count() == 42
    assert many == few
