"""Giving up a place at an event asks first: "Cancel my place" on /events/ opens a page that
says the place goes to someone else, and may not come back once the event fills, and that
a calendar file is emailed; only "Yes, give up my place" gives it up. The button gave it up
at once: one mis-tap on a phone, and a full event's place was gone for good."""

import pytest
from django.urls import reverse

from mentoring.models import Audience, RegistrationStatus
from tests.admin_pages import words
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cast, client):
    """Maya's place at a mentors' event of ten places; she is signed in."""
    event = EventFactory(
        programme=cast.programme, audience=Audience.MENTORS, title="Listening well", capacity=10
    )
    client.force_login(cast.mentor)
    return RegistrationFactory(event=event, person=cast.mentor)


def test_cancel_my_place_opens_a_page_that_asks_first_and_changes_nothing(client, held, mailoutbox):
    url = reverse("event_cancel", args=[held.event.pk])
    assert f'href="{url}"' in client.get(reverse("events")).content.decode()

    page = client.get(url)

    said = words(page.content.decode())
    assert "Give up your place at Listening well?" in said
    assert "if the event then fills, you may not get a place at it again" in said
    assert "we email you a calendar file that takes it out of your calendar" in said
    held.refresh_from_db()
    assert held.status == RegistrationStatus.REGISTERED
    assert mailoutbox == []


def test_yes_gives_the_place_up(client, held):
    response = client.post(reverse("event_cancel", args=[held.event.pk]), follow=True)

    held.refresh_from_db()
    assert held.status != RegistrationStatus.REGISTERED
    assert "Your place at Listening well is cancelled." in words(response.content.decode())


def test_without_a_place_the_page_says_so_and_leads_back(client, held):
    held.delete()

    opened = client.get(reverse("event_cancel", args=[held.event.pk]), follow=True)

    assert opened.redirect_chain[-1][0] == reverse("events")
    assert "You hold no place at Listening well to give up." in words(opened.content.decode())
