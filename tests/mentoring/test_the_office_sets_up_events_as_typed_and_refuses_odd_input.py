"""The office sets up an event as typed (signed in through the authenticator step, in summer
time), odd input is refused with a message, never a 500, and the list of places costs the
same for 2 as for 20."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Audience, Event, EventKind
from tests.admin_pages import signed_in_for_real, words
from tests.cast import from_the_cast
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.winter import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("june")]
EVENT_ADD = reverse("admin:mentoring_event_add")
REGISTRATIONS = reverse("admin:mentoring_registration_changelist")
programme = from_the_cast("programme")
real_office = signed_in_for_real("coordinator")


def event_form(programme, **changes):
    data = {
        "programme": programme.pk,
        "kind": EventKind.BRIEFING,
        "audience": Audience.MENTORS,
        "title": "Summer mentor briefing",
        "description": "",
        "starts_at_0": "09/07/2026",
        "starts_at_1": "14:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "location": "",
        "online_url": "meet.example.org/briefing",
        "capacity": "12",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def new_events(cast):
    return Event.objects.filter(title="Summer mentor briefing")


def test_a_coordinator_signed_in_for_real_sets_up_an_online_briefing_in_summer_time(
    real_office, cast
):
    response = real_office.post(EVENT_ADD, event_form(cast.programme))
    assert response.status_code == 302, words(response.content.decode())[:3000]
    event = new_events(cast).get()
    assert event.starts_at == datetime(2026, 7, 9, 14, 0, tzinfo=LONDON)
    assert event.ends_at == datetime(2026, 7, 9, 17, 30, tzinfo=LONDON)
    assert event.online_url == "https://meet.example.org/briefing"


@pytest.mark.parametrize(
    "changes",
    [
        {"online_url": "https://meet.example.org/" + "x" * 500},
        {"capacity": "99999999999999999999"},
        {"capacity": "0"},
        {"starts_at_0": "31/12/9999", "starts_at_1": "23:00"},
        {
            "starts_at_0": "31/12/9999",
            "starts_at_1": "20:00",
            "ends_at_0": "31/12/9999",
            "ends_at_1": "23:59",
        },
        {"ends_at_0": "09/07/2026", "ends_at_1": "13:00"},
        {"starts_at_0": "29/03/2026", "starts_at_1": "01:30"},
        {"online_url": "javascript:alert(1)"},
        {"location": "x" * 201, "online_url": ""},
        {"title": "x" * 151},
    ],
)
def test_odd_input_on_the_event_form_is_refused_not_a_500(office, cast, changes):
    response = office.post(EVENT_ADD, event_form(cast.programme, **changes))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not new_events(cast).exists()


def test_a_long_video_call_link_is_kept_and_its_limit_said_before_and_when_passed(office, cast):
    """A video call's address with its passcode runs past 200 characters: it is kept. The
    limit is said beside the field, and in the same words to whoever passes it."""
    form = office.get(EVENT_ADD).content.decode()
    assert "Up to 500 characters." in words(form)

    too_long = office.post(
        EVENT_ADD, event_form(cast.programme, online_url="https://meet.example.org/" + "x" * 480)
    )
    assert "This can be up to 500 characters long. Please shorten it." in words(
        too_long.content.decode()
    )
    assert not new_events(cast).exists()

    link = "https://teams.example.org/l/meetup-join/" + "a1b2" * 60
    assert office.post(EVENT_ADD, event_form(cast.programme, online_url=link)).status_code == 302
    assert new_events(cast).get().online_url == link


def registrations_at(event, count):
    for n in range(count):
        RegistrationFactory(event=event, person=UserFactory(full_name=f"Person {n:02}"))


def test_the_registration_list_costs_the_same_for_few_and_many(office, cast):
    queries = []
    for count in (2, 20):
        event = EventFactory(programme=cast.programme)
        registrations_at(event, count)
        with CaptureQueriesContext(connection) as seen:
            response = office.get(REGISTRATIONS)
        assert response.status_code == 200
        queries.append(len(seen))
    assert queries[0] == queries[1], queries
