"""On /events/, a card's badge is for the eye: where the sentence after it says the same
("Full", then "It is full just now…"; "Called off", then "The programme office has called
off…"), a screen reader is kept from it (aria-hidden) and reads it once. Where the sentence
does not say it (a full briefing, and a place held at another), the badge is read."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import Audience
from mentoring.services.events import event_call_off
from tests.briefings import cast_briefings_held
from tests.cast import browser_of, from_the_cast
from tests.factories import EventFactory, RegistrationFactory, application_from

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)

programme = from_the_cast("programme", first=cast_briefings_held)
coordinator = from_the_cast("coordinator")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


def briefing_on(programme, title: str, day: int, **fields):
    starts = datetime(2026, 10, day, 9, 30, tzinfo=LONDON)
    return EventFactory(
        programme=programme,
        title=title,
        audience=Audience.MENTORS,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3, minutes=30),
        **fields,
    )


def read_aloud(person, title: str) -> str:
    """The card of the event called `title` on `person`'s events page, as a screen reader
    reads it: without what is hidden from it, and without the markup."""
    content = browser_of(person).get(reverse("events")).content.decode()
    start = content.index(f">{title}</h2>") + 1
    card = content[start : content.index("</section>", start)]
    card = re.sub(r'<(\w+)[^>]*aria-hidden="true"[^>]*>.*?</\1>', "", card, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def a_full_briefing(programme, priya, coordinator):
    october = briefing_on(programme, "October briefing", 6, capacity=1)
    RegistrationFactory(event=october)


def a_full_briefing_and_another(programme, priya, coordinator):
    a_full_briefing(programme, priya, coordinator)
    briefing_on(programme, "November briefing", 27)


def a_briefing_called_off_where_priya_had_a_place(programme, priya, coordinator):
    october = briefing_on(programme, "October briefing", 6)
    RegistrationFactory(event=october, person=priya)
    event_call_off(event=october, by=coordinator, message="")


@pytest.mark.parametrize(
    ("scene", "sentence", "badge"),
    [
        pytest.param(a_full_briefing, "It is full just now.", "Full", id="full"),
        pytest.param(
            a_full_briefing_and_another,
            "It is full. Take a place at the briefing on Tuesday 27 October",
            "Full",
            id="full-pointing-to-another",
        ),
        pytest.param(
            a_briefing_called_off_where_priya_had_a_place,
            "The programme office has called off this event, where you had a place.",
            "Called off",
            id="called-off",
        ),
    ],
)
def test_a_badge_the_sentence_says_again_is_read_once(
    programme, coordinator, scene, sentence, badge
):
    priya = application_from(programme, "Priya Patel").applicant
    scene(programme, priya, coordinator)

    read = read_aloud(priya, "October briefing")

    assert read.startswith("October briefing")
    assert sentence in read
    assert badge not in read


def test_a_full_briefing_beside_a_place_held_at_another_is_read_full(programme):
    """The sentence says only where the place is: the badge is what says it is full."""
    priya = application_from(programme, "Priya Patel").applicant
    october = briefing_on(programme, "October briefing", 6, capacity=1)
    RegistrationFactory(event=october)
    november = briefing_on(programme, "November briefing", 27)
    RegistrationFactory(event=november, person=priya)

    read = read_aloud(priya, "October briefing")

    assert "Full You hold a place at the briefing on Tuesday 27 October, listed here." in read
