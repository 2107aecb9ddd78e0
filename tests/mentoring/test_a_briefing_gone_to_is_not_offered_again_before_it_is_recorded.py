"""Someone who had a place at a briefing that has taken place, whose attendance the programme
office has not recorded yet, is told so on their dashboard and the programme page: they are
not sent to take a place at the next briefing as if they had missed theirs, though they may
if they could not go. A place at a briefing still to come is named instead; once attendance
is recorded, they are briefed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import Audience, Event, Registration, RegistrationStatus
from tests.admin_pages import words
from tests.factories import (
    BriefedBoardMemberFactory,
    EventFactory,
    MentorFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AWAITED = (
    "You had a place at Tuesday's briefing, Tuesday 1 December 2026, 09:30. The programme "
    "office records who came; once they have, you count as briefed, with nothing more to do. "
    "If you could not go, take a place at another briefing on the events page"
)


@pytest.fixture(params=["mentor", "board member"])
def person(request, cast, time_machine):
    """An accepted mentor or a board member not briefed yet, the day after the briefing they
    had a place at, with another briefing for them in two weeks."""
    time_machine.move_to(datetime(2026, 12, 2, 9, 0, tzinfo=LONDON))
    audience = Audience.MENTORS if request.param == "mentor" else Audience.BOARD_MEMBERS
    user = UserFactory(full_name="Ada Lovelace")
    if request.param == "mentor":
        MentorFactory(programme=cast.programme, applicant=user, briefed=False)
    else:
        BriefedBoardMemberFactory(programme=cast.programme, user=user, briefed=False)
    for title, starts_at in [
        ("Tuesday's briefing", datetime(2026, 12, 1, 9, 30, tzinfo=LONDON)),
        ("Next briefing", datetime(2026, 12, 16, 9, 30, tzinfo=LONDON)),
    ]:
        EventFactory(programme=cast.programme, audience=audience, title=title, starts_at=starts_at)
    RegistrationFactory(event=Event.objects.get(title="Tuesday's briefing"), person=user)
    return user


def pages(client, person) -> list[str]:
    client.force_login(person)
    return [
        words(client.get(path).content.decode())
        for path in (reverse("dashboard"), reverse("programme_detail", args=["pilot"]))
    ]


def test_a_place_at_a_briefing_held_is_said_and_no_other_is_pressed(client, person):
    for page in pages(client, person):
        assert AWAITED in page
        assert "Coming up:" not in page
        assert "register for it" not in page


def test_a_place_at_a_briefing_to_come_is_named_first(client, person):
    RegistrationFactory(event=Event.objects.get(title="Next briefing"), person=person)

    for page in pages(client, person):
        assert "You are registered for Next briefing , Wednesday 16 December 2026, 09:30." in page
        assert "You had a place at" not in page


def test_once_attendance_is_recorded_they_are_briefed(client, person):
    Registration.objects.filter(person=person).update(status=RegistrationStatus.ATTENDED)

    for page in pages(client, person):
        assert "You have been briefed" in page
        assert "You had a place at" not in page
