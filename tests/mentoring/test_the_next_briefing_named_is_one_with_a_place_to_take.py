"""Someone still to be briefed is pointed to the first briefing for them with a place to
take: one sooner that is full is no step of theirs ("It is full just now; the programme
office will let you know") while a later one has room. Only when every one is full is the
first to come named, and said to be full (mentoring.stages.next_briefing)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, Event
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    application_from,
)

pytestmark = pytest.mark.django_db

FULL = "It is full just now"


def briefings(programme, audience, *, later_full: bool):
    """A full briefing in five days and another in twelve, full too if `later_full`: the
    only ones to come (the cast's pairs were briefed last month)."""
    held = timezone.now() - timedelta(days=30)
    Event.objects.filter(programme=programme).update(
        starts_at=held, ends_at=held + timedelta(hours=3)
    )
    made = []
    for title, days, full in [("Full briefing", 5, True), ("Later briefing", 12, later_full)]:
        event = EventFactory(
            programme=programme,
            audience=audience,
            title=title,
            capacity=1,
            starts_at=timezone.now() + timedelta(days=days),
        )
        if full:
            RegistrationFactory(event=event, person=UserFactory())
        made.append(event)
    return made


@pytest.fixture
def priya(client, cast):
    """An applicant under review, not briefed, signed in."""
    application = application_from(cast.programme, "Priya Patel")
    client.force_login(application.applicant)
    return application


@pytest.fixture
def member(client, cast):
    """A board member who joined, not briefed, signed in."""
    member = BoardMemberFactory(programme=cast.programme)
    client.force_login(member.user)
    return member


def test_an_applicant_is_pointed_past_a_full_briefing_to_one_with_room(client, cast, priya):
    _, later = briefings(cast.programme, Audience.MENTORS, later_full=False)

    page = client.get(reverse("dashboard")).content.decode()

    assert FULL not in page
    assert "Full briefing" not in page
    assert f'href="/events/#event-{later.pk}-title">register for it</a>' in page


def test_a_board_member_is_pointed_past_a_full_briefing_to_one_with_room(client, cast, member):
    briefings(cast.programme, Audience.BOARD_MEMBERS, later_full=False)

    page = client.get(reverse("dashboard")).content.decode()

    assert FULL not in page
    assert "Later briefing" in page
    assert "Full briefing" not in page


def test_when_every_briefing_is_full_the_first_is_named_as_full(client, cast, priya):
    briefings(cast.programme, Audience.MENTORS, later_full=True)

    page = client.get(reverse("dashboard")).content.decode()

    assert FULL in page
    assert "Full briefing" in page
    assert "Later briefing" not in page
