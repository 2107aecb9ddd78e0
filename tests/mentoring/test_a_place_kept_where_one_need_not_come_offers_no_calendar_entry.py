"""A place someone still holds at an event of a programme that ended before they were paired
in it says they need not come, and so offers no "Add to calendar" beside "Cancel my place".
The place is still theirs, as its calendar file is (it keeps the entry their registration
email put in their calendar up to date); a place held where they are paired keeps the link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, EventKind, ProgrammeStatus
from tests.admin_pages import words
from tests.factories import EventFactory, MentorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ADD_TO_CALENDAR = "Add to calendar (Closing session)"


@pytest.fixture
def closing_session(cast):
    return EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Closing session",
        starts_at=timezone.now() + timedelta(days=20),
    )


@pytest.fixture
def never_paired(cast, closing_session):
    """An accepted mentor the pilot never paired, who took a place at its closing session
    before the office closed the pilot."""
    person = MentorFactory(programme=cast.programme, briefed=False).applicant
    RegistrationFactory(event=closing_session, person=person)
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()
    return person


def test_a_place_held_where_one_need_not_come_offers_no_calendar_entry(
    client, never_paired, closing_session
):
    client.force_login(never_paired)

    events = words(client.get(reverse("events")).content.decode())

    assert "You are registered 2026/27 pilot ended before you were paired" in events
    assert "Cancel my place at Closing session" in events
    assert ADD_TO_CALENDAR not in events


def test_its_calendar_file_still_keeps_the_place_held_up_to_date(
    client, never_paired, closing_session
):
    """Not offered, but not refused: the place is theirs until they give it up, and the entry
    their registration email made follows its moves."""
    client.force_login(never_paired)

    response = client.get(reverse("event_calendar", args=[closing_session.pk]))

    assert response.status_code == 200
    assert b"SUMMARY:Closing session" in response.content
    assert b"METHOD:CANCEL" not in response.content


def test_a_pair_member_holding_a_place_is_still_offered_the_calendar_entry(
    client, cast, closing_session
):
    RegistrationFactory(event=closing_session, person=cast.mentor)
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()
    client.force_login(cast.mentor)

    events = words(client.get(reverse("events")).content.decode())

    assert "Cancel my place at Closing session" in events
    assert ADD_TO_CALENDAR in events
