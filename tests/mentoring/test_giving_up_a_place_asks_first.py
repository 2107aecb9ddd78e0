"""Giving up a place at an event asks first: "Cancel my place" on /events/ opens a page that
says the place goes to someone else, and may not come back once the event fills, and that
a calendar file is emailed; only "Yes, give up my place" gives it up. The button gave it up
at once: one mis-tap on a phone, and a full event's place was gone for good."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, EventKind, Programme, RegistrationStatus
from tests.admin_pages import words
from tests.factories import EventFactory, RegistrationFactory, application_from, closed_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cast, client):
    """Maya's place at a mentors' learning activity of ten places; she is signed in."""
    event = EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.MENTORS,
        title="Listening well",
        capacity=10,
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


def test_a_place_nobody_could_take_again_is_not_offered_back(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    """Ada holds a place at a briefing of a programme the office has since closed: its
    briefings take no places (`Event.registration_closed`). The page said the place "goes
    back for someone else to take" and the email "you can register again while places are
    free": neither can happen (`could_come_back`)."""
    ada = application_from(cast.programme, "Ada Adeyemi", status="accepted").applicant
    briefing = EventFactory(programme=cast.programme, title="Mentor briefing", capacity=10)
    RegistrationFactory(event=briefing, person=ada)
    Programme.objects.filter(pk=cast.programme.pk).update(**closed_now())
    client.force_login(ada)
    url = reverse("event_cancel", args=[briefing.pk])

    asked = words(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert "you cannot take a place at it again" in asked
    assert "goes back for someone else" not in asked
    assert "register again" not in mailoutbox[-1].body
    assert "takes the event out of your calendar" in mailoutbox[-1].body


def test_the_email_offers_the_place_back_while_it_could_be_taken(
    client, held, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("event_cancel", args=[held.event.pk]))

    assert "you can register again while places are free" in mailoutbox[-1].body


def test_a_briefing_place_given_up_by_someone_briefed_already_is_not_offered_back(client, cast):
    """Maya, briefed already, still holds a place at another briefing: she need not come, and
    the events page would refuse her a place there again."""
    briefing = EventFactory(programme=cast.programme, audience=Audience.MENTORS, capacity=10)
    RegistrationFactory(event=briefing, person=cast.mentor)
    client.force_login(cast.mentor)

    asked = words(client.get(reverse("event_cancel", args=[briefing.pk])).content.decode())

    assert "you cannot take a place at it again" in asked


def test_a_place_at_an_event_just_started_is_said_to_be_too_late_not_missing(client, held):
    """Her events page, drawn just before the start, offered "Cancel my place"; she follows
    it just after. She holds a place: the page says it is too late to give it up, not that
    she holds none."""
    held.event.starts_at = timezone.now() - timedelta(minutes=5)
    held.event.save()

    opened = client.get(reverse("event_cancel", args=[held.event.pk]), follow=True)

    said = words(opened.content.decode())
    assert opened.redirect_chain[-1][0] == reverse("events")
    assert "This event has already started, so it can no longer be cancelled." in said
    assert "no place" not in said
