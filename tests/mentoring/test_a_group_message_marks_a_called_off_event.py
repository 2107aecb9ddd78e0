"""The group message's event list marks an event called off, rather than leaving it out:
those who held a place there were told the office would write with a new date, and this is
how it writes to them."""

import re

import pytest
from django.urls import reverse

from mentoring.services.events import event_call_off
from tests.cohort_messages import ADD, compose, preview, recipients
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(cast):
    """Two briefings: the first called off with Tom's place in it, the second to come."""
    first = EventFactory(programme=cast.programme, title="Board-member briefing")
    tom = UserFactory(full_name="Tom Tran", email="tom@example.org")
    RegistrationFactory(event=first, person=tom)
    second = EventFactory(programme=cast.programme, title="Mentor briefing")
    event_call_off(event=first, by=cast.coordinator, message="")
    return first, second


def _offered(office) -> dict[str, str]:
    page = office.get(ADD).content.decode()
    select = re.search(r'<select name="event".*?</select>', page, re.S).group(0)
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', select))


def test_the_called_off_event_is_offered_marked_and_the_other_plain(office, events):
    first, second = events

    offered = _offered(office)

    assert offered[str(first.pk)] == f"{first} (called off)"
    assert offered[str(second.pk)] == str(second)


def test_a_message_to_a_called_off_event_reaches_those_who_held_a_place(office, events):
    first, _ = events

    previewed = preview(office, compose(office, "event", event=first, subject="A new date"))

    assert recipients(previewed) == ["Tom Tran <tom@example.org>"]


def test_the_compose_page_says_who_a_called_off_events_people_are(office, events):
    page = office.get(reverse("admin:mentoring_cohortmessage_add")).content.decode()

    assert "For an event called off, those who held a place" in page
