"""An event's texts are the office's, shown to everyone in its programme's audience on
/events/ and in the admin: its title, place, description and, once called off, the message to
those who held places. Any of them may name a person ("led by Maya Mentor", "Maya Mentor's
office"); deleting that person's account takes their names and addresses out of all four, as
out of the office's messages to a group."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.personal_data import DELETED_NAME
from accounts.services import account_delete
from mentoring.models import Event
from mentoring.services.events import event_call_off
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_call_off_message_naming_her_loses_her_name_on_the_events_page(client, cast):
    """Omar held a place; the office called the event off saying Maya, who was to lead it,
    cannot come. Maya deletes her account: Omar's /events/ no longer names her."""
    event = EventFactory(programme=cast.programme, starts_at=timezone.now() + timedelta(days=3))
    RegistrationFactory(event=event, person=cast.other_mentor)
    event_call_off(
        event=event,
        by=cast.coordinator,
        message="Maya Mentor (maya@example.org), who was to lead it, cannot come.",
    )

    account_delete(user=cast.mentor, by=cast.mentor)

    event.refresh_from_db()
    assert event.call_off_message == (
        f"{DELETED_NAME} ({DELETED_NAME}), who was to lead it, cannot come."
    )
    client.force_login(cast.other_mentor)
    page = client.get(reverse("events")).content.decode()
    assert "who was to lead it, cannot come" in page
    assert "maya mentor" not in page.lower()
    assert "maya@example.org" not in page


def test_an_events_title_place_and_description_naming_her_lose_her_name(cast):
    event = EventFactory(
        programme=cast.programme,
        title="Closing talk by MAYA MENTOR",
        location="Maya Mentor's office, room 3",
        description="Questions to maya@example.org before the day.",
    )

    account_delete(user=cast.mentor, by=cast.coordinator)

    event = Event.objects.get(pk=event.pk)
    assert (event.title, event.location, event.description) == (
        f"Closing talk by {DELETED_NAME}",
        f"{DELETED_NAME}'s office, room 3",
        f"Questions to {DELETED_NAME} before the day.",
    )


def test_an_event_naming_nobody_who_left_is_unchanged(cast):
    event = EventFactory(programme=cast.programme, title="Closing talk by Omar Other")

    account_delete(user=cast.mentor, by=cast.coordinator)

    event = Event.objects.get(pk=event.pk)
    assert (event.title, event.location) == (
        "Closing talk by Omar Other",
        "Senate Room, Main Building",
    )
