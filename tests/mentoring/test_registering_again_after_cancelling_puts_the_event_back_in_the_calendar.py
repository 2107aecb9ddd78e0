"""Someone who gives their place back is sent a calendar file that cancels the entry; if
they register again, the invitation must come back above that cancel (calendar apps ignore
a file whose SEQUENCE is not higher than the one they hold), and so must every later change
of the event that they are emailed. Checked in the files as emailed, through the pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from accounts.models import User
from mentoring.reminders import reminders_dispatch
from mentoring.services.pairs import calendar_feed_for
from tests.admin_pages import confirmed
from tests.cast import from_the_cast
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory, UserFactory, application_from

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme")


@pytest.fixture
def briefing(programme):
    """The mentors' briefing on Tuesday 6 October, where Tom Tran already has a place."""
    event = EventFactory(
        programme=programme,
        title="Mentor briefing",
        starts_at=datetime(2026, 10, 6, 9, 30, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 6, 13, 0, tzinfo=LONDON),
    )
    RegistrationFactory(
        event=event, person=UserFactory(full_name="Tom Tran", email="tom@example.org")
    )
    return event


@pytest.fixture
def priya(programme):
    """Priya Patel's browser: her application to be a mentor in the pilot is under review."""
    browser = Client()
    browser.force_login(application_from(programme, "Priya Patel").applicant)
    return browser


def calendar_sent(to: str):
    """The calendar file in the last email to `to`: (METHOD, its one entry)."""
    last = [message for message in mail.outbox if message.to == [to]][-1]
    [(name, ics, kind)] = last.attachments
    assert (name, kind) == ("event.ics", "text/calendar")
    calendar = Calendar.from_ical(ics)
    [item] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), item


def test_registering_again_after_cancelling_is_sent_above_the_cancel_and_so_is_a_move(
    priya, office, briefing, django_capture_on_commit_callbacks
):
    register = reverse("event_register", args=[briefing.pk])
    cancel = reverse("event_cancel", args=[briefing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        priya.post(register)
    method, invited = calendar_sent("priya@example.org")
    assert (method, invited["SEQUENCE"]) == ("PUBLISH", 0)

    with django_capture_on_commit_callbacks(execute=True):
        priya.post(cancel)
    method, cancelled = calendar_sent("priya@example.org")
    assert (method, str(cancelled["STATUS"])) == ("CANCEL", "CANCELLED")
    assert cancelled["SEQUENCE"] > invited["SEQUENCE"]

    with django_capture_on_commit_callbacks(execute=True):
        priya.post(register)
    method, invited_again = calendar_sent("priya@example.org")
    assert method == "PUBLISH"
    assert (
        str(invited_again["UID"])
        == str(cancelled["UID"])
        == f"event-{briefing.pk}@reverse-mentoring"
    )
    assert invited_again["SEQUENCE"] > cancelled["SEQUENCE"]
    # The file she downloads from the events page updates that same entry.
    downloaded = Calendar.from_ical(
        priya.get(reverse("event_calendar", args=[briefing.pk])).content
    ).walk("VEVENT")[0]
    assert downloaded["SEQUENCE"] == invited_again["SEQUENCE"]

    # The office moves the briefing to the next morning: both are emailed the new time.
    moved = {"starts_at_0": "07/10/2026", "ends_at_0": "07/10/2026"}
    page = office.post(change_url(briefing), as_posted(office, briefing, **moved))
    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(briefing), confirmed(page))

    _, priya_moved = calendar_sent("priya@example.org")
    assert priya_moved["SEQUENCE"] > invited_again["SEQUENCE"]
    assert priya_moved.decoded("DTSTART") == datetime(2026, 10, 7, 9, 30, tzinfo=LONDON)
    # Tom, who never cancelled, is emailed the event's own next SEQUENCE.
    _, tom_moved = calendar_sent("tom@example.org")
    assert tom_moved["SEQUENCE"] == 1
    assert tom_moved.decoded("DTSTART") == datetime(2026, 10, 7, 9, 30, tzinfo=LONDON)


def test_the_reminder_and_her_subscribed_calendar_carry_her_entry_above_the_cancel(
    client, priya, briefing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for step in ("event_register", "event_cancel", "event_register"):
            priya.post(reverse(step, args=[briefing.pk]))
    _, invited_again = calendar_sent("priya@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch(datetime(2026, 10, 5, 9, 0, tzinfo=LONDON))

    reminder = mail.outbox[-1]
    assert reminder.subject.startswith("Tomorrow: Mentor briefing")
    _, reminded = calendar_sent("priya@example.org")
    assert reminded["SEQUENCE"] == invited_again["SEQUENCE"] == 2

    token = calendar_feed_for(User.objects.get(email="priya@example.org")).token
    feed = client.get(f"{reverse('calendar_feed')}?token={token}").content
    [entry] = Calendar.from_ical(feed).walk("VEVENT")
    assert str(entry["UID"]) == str(invited_again["UID"])
    assert entry["SEQUENCE"] == 2
