"""A briefing comes before matching. When the office closes a programme before someone in it
was paired, closing keeps its events to come, and a place they took at one stays theirs to
give up; but the events page says, as the dashboard does, that the programme ended before
they were paired, and the place's own card says they need not come. Alike for a board member
and a mentor, and when they also take part in a programme still running (where the page
does not say they have nothing more to do)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, ProgrammeStatus
from tests.admin_pages import words
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    MentorFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENDED_UNPAIRED = "2026/27 pilot ended before you were paired, so there is nothing more to do in it"
NEED_NOT_COME = (
    "You are registered 2026/27 pilot ended before you were paired, so you need not come."
)


def close(programme):
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def jo_with_a_briefing_place(programme, side) -> tuple:
    """Jo Joined, on the pilot's board or one of its accepted mentors, not briefed yet, with a
    place at the briefing for them in a fortnight."""
    jo = UserFactory(full_name="Jo Joined", email="jo@example.org")
    if side == "board_member":
        BoardMemberFactory(programme=programme, user=jo)
        audience, title = Audience.BOARD_MEMBERS, "Board briefing"
    else:
        MentorFactory(programme=programme, applicant=jo, briefed=False)
        audience, title = Audience.MENTORS, "Mentor briefing"
    briefing = EventFactory(
        programme=programme,
        audience=audience,
        title=title,
        starts_at=timezone.now() + timedelta(days=14),
    )
    RegistrationFactory(event=briefing, person=jo)
    return jo, briefing


def events_page(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("events"))
    assert response.status_code == 200
    return words(response.content.decode())


@pytest.mark.parametrize("side", ["board_member", "mentor"])
def test_the_events_page_says_the_programme_ended_beside_the_place_kept(client, cast, side):
    jo, briefing = jo_with_a_briefing_place(cast.programme, side)
    close(cast.programme)

    events = events_page(client, jo)

    assert ENDED_UNPAIRED in words(client.get(reverse("dashboard")).content.decode())
    # The place is still theirs to see and give up.
    assert briefing.title in events
    assert "You are registered" in events
    assert f"Cancel my place at {briefing.title}" in events
    # Said as the dashboard says it, and on the place's card.
    assert ENDED_UNPAIRED in events
    assert NEED_NOT_COME in events
    assert "the cohort meets again at the end" not in events


@pytest.mark.parametrize("side", ["board_member", "mentor"])
def test_the_card_says_it_when_they_also_take_part_in_a_programme_still_running(client, cast, side):
    """In the next cohort too, Jo has something still to do: the page does not say there is
    nothing more, but the pilot's briefing card says that one is not needed."""
    jo, briefing = jo_with_a_briefing_place(cast.programme, side)
    BoardMemberFactory(programme=ProgrammeFactory(name="2027/28 cohort"), user=jo)
    close(cast.programme)

    events = events_page(client, jo)

    assert f"Cancel my place at {briefing.title}" in events
    assert NEED_NOT_COME in events


def test_a_place_held_in_a_programme_still_running_says_nothing_of_an_end(client, cast):
    jo, briefing = jo_with_a_briefing_place(cast.programme, "board_member")

    events = events_page(client, jo)

    assert f"Cancel my place at {briefing.title}" in events
    assert "ended before you were paired" not in events
    assert "need not come" not in events
