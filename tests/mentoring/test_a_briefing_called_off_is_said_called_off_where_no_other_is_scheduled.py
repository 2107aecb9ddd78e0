"""Someone still to be briefed whose briefing the programme office called off, with no other
briefing scheduled for them, reads on the dashboard and /apply/ (as on /events/) that it
was called off, not that no briefing is scheduled for them "yet"; the mentor's "Next:",
asking the office for a date, stays. Someone who held no place there reads as before."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import Audience
from mentoring.services.events import event_call_off
from tests.briefings import cast_briefings_held
from tests.cast import browser_of, from_the_cast
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    application_from,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)
CALLED_OFF = (
    "Your briefing on Tuesday 6 October was called off, and no other is scheduled for you: "
    'new dates appear on <a href="/events/">the events page</a>'
)
NONE_YET = "No briefing is scheduled for you yet"
ASK = "Next: ask the programme office about a briefing date, at"

programme = from_the_cast("programme", first=cast_briefings_held)
coordinator = from_the_cast("coordinator")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def october(programme):
    """The pilot's one briefing still to come, for mentors and board members alike."""
    starts = datetime(2026, 10, 6, 9, 30, tzinfo=LONDON)
    return EventFactory(
        programme=programme,
        title="October briefing",
        audience=Audience.JOINT,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3, minutes=30),
    )


def page_of(person, url: str) -> str:
    return " ".join(browser_of(person).get(url).content.decode().split())


@pytest.mark.parametrize("url", [reverse("dashboard"), reverse("apply") + "?programme=pilot"])
def test_an_applicant_whose_briefing_was_called_off_reads_that_it_was(
    programme, october, coordinator, url
):
    priya = application_from(programme, "Priya Patel").applicant
    RegistrationFactory(event=october, person=priya)
    event_call_off(event=october, by=coordinator, message="")

    page = page_of(priya, url)

    assert CALLED_OFF + ".</p>" in page
    assert NONE_YET not in page
    assert ASK in page


def test_a_board_member_whose_briefing_was_called_off_reads_that_it_was(
    programme, october, coordinator
):
    """The dashboard's status says to ask the office itself: a board member's card has no
    "Next:" that says it."""
    jonathan = BoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Jonathan Hale", email="jonathan@example.org"),
    ).user
    RegistrationFactory(event=october, person=jonathan)
    event_call_off(event=october, by=coordinator, message="")

    page = page_of(jonathan, reverse("dashboard"))

    assert CALLED_OFF + ", or ask the programme office.</p>" in page
    assert NONE_YET not in page


def test_an_applicant_who_held_no_place_there_reads_that_none_is_scheduled(
    programme, october, coordinator
):
    priya = application_from(programme, "Priya Patel").applicant
    RegistrationFactory(event=october, person=priya)
    nell = application_from(programme, "Nell Newcomer").applicant
    event_call_off(event=october, by=coordinator, message="")

    page = page_of(nell, reverse("dashboard"))

    assert NONE_YET in page
    assert "was called off" not in page
    assert ASK in page


def test_a_briefing_scheduled_after_the_one_called_off_is_the_one_named(
    programme, october, coordinator
):
    """A new date set since: the status names it, with a place to take, and says nothing of
    the one called off (the events page does)."""
    priya = application_from(programme, "Priya Patel").applicant
    RegistrationFactory(event=october, person=priya)
    event_call_off(event=october, by=coordinator, message="")
    starts = datetime(2026, 10, 27, 9, 30, tzinfo=LONDON)
    EventFactory(
        programme=programme,
        title="November briefing",
        audience=Audience.MENTORS,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3, minutes=30),
    )

    page = page_of(priya, reverse("dashboard"))

    assert "Coming up: <a" in page
    assert "November briefing" in page
    assert "was called off" not in page
    assert NONE_YET not in page
