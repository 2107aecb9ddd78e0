"""The programme office cannot bring an event's capacity below the places already taken:
the change page says how many are taken beside the field, and a smaller capacity is refused
in plain words, with nothing saved."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from mentoring.models import RegistrationStatus
from mentoring.services.events import places_taken_problem
from tests.cast import from_the_cast
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(datetime(2026, 9, 15, 10, 0, tzinfo=LONDON), tick=False)


programme = from_the_cast("programme")


@pytest.fixture
def briefing(programme):
    """A briefing for 12 where 10 hold a place (one of them came already) and 2 cancelled."""
    event = EventFactory(
        programme=programme,
        title="Mentor briefing",
        starts_at=datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
        capacity=12,
    )
    RegistrationFactory.create_batch(9, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED)
    RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CANCELLED)
    return event


def test_the_change_page_says_how_many_places_are_taken_beside_the_capacity(office, briefing):
    page = office.get(change_url(briefing)).content.decode()

    assert "10 places are taken, so no fewer than that." in page


def test_the_change_page_of_an_event_nobody_holds_a_place_at_mentions_no_places_taken(
    office, programme
):
    empty = EventFactory(programme=programme, title="Evaluation lunch", capacity=12)

    page = office.get(change_url(empty)).content.decode()

    assert "How many people can come: 1 to 10,000." in page
    assert "taken" not in page


def test_a_capacity_below_the_places_taken_is_refused_and_nothing_is_saved(office, briefing):
    data = as_posted(office, briefing, capacity="3", title="Mentor briefing (small room)")

    response = office.post(change_url(briefing), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "capacity": ["10 places are taken: the capacity cannot be less than that."]
    }
    assert "10 places are taken: the capacity cannot be less than that." in (
        response.content.decode()
    )
    briefing.refresh_from_db()
    assert (briefing.capacity, briefing.title) == (12, "Mentor briefing")
    assert mail.outbox == []


def test_the_capacity_can_come_down_to_exactly_the_places_taken(office, briefing):
    response = office.post(change_url(briefing), as_posted(office, briefing, capacity="10"))

    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.capacity == 10


@pytest.mark.parametrize(
    ("taken", "capacity", "said"),
    [
        (0, 1, None),
        (10, 10, None),
        (10, 11, None),
        (1, 0, "1 place is taken: the capacity cannot be less than that."),
        (10, 3, "10 places are taken: the capacity cannot be less than that."),
        (10, 9, "10 places are taken: the capacity cannot be less than that."),
    ],
)
def test_why_a_capacity_is_too_small(taken, capacity, said):
    assert places_taken_problem(taken=taken, capacity=capacity) == said
