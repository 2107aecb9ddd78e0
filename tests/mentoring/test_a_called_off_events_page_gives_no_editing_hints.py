"""A called-off event's admin page is read-only, so it gives none of the hints on filling
in its boxes that the page of an event to come gives."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.services.events import event_call_off
from tests.admin_pages import words
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
HINTS = [
    "Up to 5,000 characters.",
    "Leave empty for half a day after the start.",
    "How many people can come: 1 to 10,000.",
]


@pytest.fixture
def event(cast):
    return EventFactory(
        programme=cast.programme,
        title="Board-member briefing",
        description="What the programme asks of board members.",
        starts_at=datetime(2027, 10, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2027, 10, 8, 17, 30, tzinfo=LONDON),
    )


def _page(office, event) -> str:
    response = office.get(reverse("admin:mentoring_event_change", args=[event.pk]))
    assert response.status_code == 200
    return words(response.content.decode())


def test_an_event_to_come_gives_the_hints_beside_its_boxes(office, event):
    page = _page(office, event)

    assert "Up to 5,000 characters." in page
    assert "How many people can come: 1 to 10,000." in page
    assert "Leave empty to keep its length (3 hours 30 minutes)" in page


def test_a_called_off_event_shows_what_it_was_without_the_hints(office, cast, event):
    event_call_off(event=event, by=cast.coordinator, message="")

    page = _page(office, event)

    assert "View event" in page
    assert "What the programme asks of board members." in page
    for hint in HINTS:
        assert hint not in page
    assert "Leave empty" not in page
