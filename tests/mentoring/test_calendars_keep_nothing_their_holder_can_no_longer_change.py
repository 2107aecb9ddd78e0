"""Calendar files never put back what their holder can no longer change: an event's file
after its place was given up takes it out again (moves and call-offs reach only those
holding a place), and a pair ending calls off a proposal never answered whose time passed
(nobody could drop or log it once the pair is read-only)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.services.events import registration_cancel
from mentoring.services.matches import match_end
from mentoring.services.pairs import calendar_feed_for
from tests.factories import EventFactory, MeetingFactory, application_from

pytestmark = pytest.mark.django_db


def only(content):
    (item,) = Calendar.from_ical(content).walk("VEVENT")
    return item


def entries(content):
    return {str(i["UID"]): i for i in Calendar.from_ical(content).walk("VEVENT")}


def test_the_event_file_of_a_place_given_up_does_not_put_the_event_back(client, cast):
    """Priya takes a place, adds it to her calendar, then gives it up (emailed METHOD:CANCEL
    at SEQUENCE 1). Opening the event's file again (its address, bookmarked or from her
    history) handed her the event as going ahead at that same SEQUENCE: her calendar got back
    an entry no move or call-off would ever reach."""
    event = EventFactory(programme=cast.programme, title="Mentor briefing")
    priya = application_from(cast.programme, "Priya Patel").applicant
    client.force_login(priya)
    client.post(reverse("event_register", args=[event.pk]))
    registration_cancel(event=event, person=priya)

    response = client.get(reverse("event_calendar", args=[event.pk]))

    assert response.status_code == 200
    item = only(response.content)
    assert str(item.get("STATUS")) == "CANCELLED"
    assert int(item["SEQUENCE"]) >= 1


def test_an_ended_pairs_proposal_never_accepted_is_not_left_tentative(client, cast):
    """Bola proposed a time, Maya never answered, the time passed, and the office ended the
    pair. Nobody can drop or log it now (read-only); before, the feed kept it TENTATIVE for
    good."""
    proposal = MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.board_member,
        starts_at=timezone.now() - timedelta(days=2),
    )
    match_end(match=cast.pair, reason="completed", by=cast.coordinator)
    token = calendar_feed_for(cast.mentor).token

    feed = entries(client.get(f"{reverse('calendar_feed')}?token={token}").content)

    assert str(feed[f"meeting-{proposal.pk}@reverse-mentoring"]["STATUS"]) == "CANCELLED"
