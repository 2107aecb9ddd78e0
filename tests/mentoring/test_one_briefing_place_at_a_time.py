"""One briefing is enough, so a person holds one briefing place in a programme at a time.
Someone with a place at one briefing is offered to move it to another, told which place it
gives up; moving takes the new place and gives the old one back in one step, each emailed
with its calendar file. Places at the cohort's sessions and at another programme's briefings
stay, and a move refused (the briefing is full) leaves the place held as it was."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus, EventKind, Registration
from mentoring.services.events import EventError, registration_create
from tests.admin_pages import words
from tests.factories import EventFactory, ProgrammeFactory, RegistrationFactory, application_from

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def priya(cast, time_machine):
    """Accepted, not yet briefed, with a place at the December briefing; the January one has
    room."""
    time_machine.move_to(datetime(2026, 12, 2, 9, 0, tzinfo=LONDON))
    applicant = application_from(
        cast.programme, "Priya Patel", status=ApplicationStatus.ACCEPTED
    ).applicant
    for title, day in [("December briefing", 9), ("January briefing", 13)]:
        month = 12 if day == 9 else 1
        EventFactory(
            programme=cast.programme,
            title=title,
            starts_at=datetime(2026 if month == 12 else 2027, month, day, 9, 30, tzinfo=LONDON),
        )
    RegistrationFactory(event=event("December briefing"), person=applicant)
    return applicant


def event(title):
    return EventFactory._meta.model.objects.get(title=title)


def status(title, person) -> str:
    return Registration.objects.get(event=event(title), person=person).status


def test_the_other_briefing_offers_to_move_the_place_and_names_the_one_given_up(client, priya):
    client.force_login(priya)

    page = words(client.get(reverse("events")).content.decode())

    assert (
        "You hold a place at the briefing on Wednesday 9 December. One briefing is enough: "
        "moving your place here gives that one up for someone else." in page
    )
    assert "Move my place here (January briefing, 13 January)" in page
    assert "Register for" not in page


def test_moving_takes_the_new_place_gives_the_old_back_and_emails_both(
    client, priya, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(priya)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("event_register", args=[event("January briefing").pk]))

    assert status("January briefing", priya) == "registered"
    assert status("December briefing", priya) == "cancelled"
    page = words(client.get(response.url).content.decode())
    assert (
        "Your briefing place is moved to January briefing, Wednesday 13 January 2027, 09:30 "
        "to 13:00 GMT, and the place you held on Wednesday 9 December 2026, 09:30 to 13:00 GMT "
        "is given up." in page
    )
    assert "You hold a place at the briefing on Wednesday 13 January." in page
    assert "on Wednesday 9 December." not in page
    registered, given_up = sorted(mailoutbox, key=lambda mail: mail.subject)
    assert given_up.subject == "Your place is given up: December briefing"
    assert "as you moved to the briefing on Wednesday 13 January 2027" in given_up.body
    assert "METHOD:CANCEL" in str(given_up.attachments[0][1])
    assert "January briefing" in registered.subject
    assert {mail.to[0] for mail in mailoutbox} == {priya.email}


def test_sessions_and_another_programmes_briefing_are_not_moved(cast, priya):
    session = EventFactory(programme=cast.programme, kind=EventKind.EVALUATION, title="Session")
    elsewhere = EventFactory(programme=ProgrammeFactory(), title="Elsewhere")
    for place in (session, elsewhere):
        RegistrationFactory(event=place, person=priya)

    registration = registration_create(event=event("January briefing"), person=priya)

    assert [moved.title for moved in registration.moved_from] == ["December briefing"]
    assert status("Session", priya) == status("Elsewhere", priya) == "registered"


def test_a_move_to_a_full_briefing_keeps_the_place_held(priya):
    EventFactory._meta.model.objects.filter(title="January briefing").update(capacity=1)
    RegistrationFactory(event=event("January briefing"))

    with pytest.raises(EventError, match="this event is full"):
        registration_create(event=event("January briefing"), person=priya)

    assert status("December briefing", priya) == "registered"
    assert not Registration.objects.filter(event=event("January briefing"), person=priya).exists()
