"""The application asks whether the applicant will come to a mentor briefing; before they
send it, the events page does not list the briefings, so the question says when the next
ones are (those going ahead, for mentors, still to come), or that none is set yet."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, EventKind
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

APPLY = f"{reverse('apply')}?programme=pilot"


def briefing_hint(client, person) -> str:
    client.force_login(person)
    page = client.get(APPLY).content.decode()
    start = page.index("Have you attended, or will you attend, the mentor briefing?")
    return page[start : start + 1500]


def test_the_next_briefings_for_mentors_are_named_beside_the_question(client, cast, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False)
    cast.programme.events.all().delete()
    for day, audience, title in [
        (3, Audience.MENTORS, "Mentor briefing"),
        (10, Audience.JOINT, "Joint briefing"),
        (5, Audience.BOARD_MEMBERS, "Board briefing"),
    ]:
        EventFactory(
            programme=cast.programme,
            kind=EventKind.BRIEFING,
            audience=audience,
            title=title,
            starts_at=datetime(2026, 12, day, 9, 30, tzinfo=UTC),
        )
    EventFactory(  # called off
        programme=cast.programme,
        kind=EventKind.BRIEFING,
        audience=Audience.MENTORS,
        starts_at=datetime(2026, 12, 4, 9, 30, tzinfo=UTC),
        called_off_at=timezone.now(),
    )
    EventFactory(  # over
        programme=cast.programme,
        kind=EventKind.BRIEFING,
        audience=Audience.MENTORS,
        starts_at=datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
    )

    hint = briefing_hint(client, cast.outsider)

    assert (
        "The next mentor briefings are on Thursday 3 December 2026, 09:30 (Mentor briefing · "
        "Senate Room, Main Building); Thursday 10 December 2026, 09:30 (Joint briefing · "
        "Senate Room, Main Building). Times are UK time (Europe/London). You book your "
        "place once you have sent your application." in hint
    )


@pytest.fixture
def a_briefing_to_come(cast, time_machine):
    time_machine.move_to(datetime(2026, 12, 6, 9, 0, tzinfo=UTC), tick=False)
    cast.programme.events.all().delete()
    EventFactory(
        programme=cast.programme,
        kind=EventKind.BRIEFING,
        audience=Audience.MENTORS,
        title="Winter briefing",
        starts_at=datetime(2026, 12, 20, 9, 57, tzinfo=UTC),
    )


def test_the_briefings_time_says_which_zone_it_is_in(client, cast, a_briefing_to_come):
    hint = briefing_hint(client, cast.outsider)

    assert (
        "The next mentor briefing is on Sunday 20 December 2026, 09:57 (Winter briefing · "
        "Senate Room, Main Building). Times are UK time (Europe/London)." in hint
    )


def test_with_recruitment_closed_a_place_follows_once_it_reopens_and_the_application_is_sent(
    client, cast, a_briefing_to_come
):
    cast.programme.recruitment_open = False
    cast.programme.save(update_fields=["recruitment_open"])

    hint = briefing_hint(client, cast.outsider)

    assert "Once recruitment reopens and you have sent your application, you can book a place." in (
        hint
    )
    assert "You book your place once you have sent your application." not in hint


def test_with_no_briefing_set_the_question_says_so(client, cast):
    cast.programme.events.filter(starts_at__gt=timezone.now() - timedelta(days=1)).delete()

    hint = briefing_hint(client, cast.outsider)

    # As the dashboard says it (Event.NONE_SCHEDULED_SAID), new dates appearing here: the
    # events page lists none before the application is sent. No word of a date is promised.
    assert (
        "No briefing is scheduled for you yet: new dates appear on this page, or ask the "
        "programme office." in hint
    )
    assert "will tell you" not in hint


def test_two_briefings_at_the_same_hour_are_told_apart_by_their_title_and_place(
    client, cast, time_machine
):
    """Two rooms at the same hour: the question names each as the events page does, not the
    same time twice. What the office typed is escaped."""
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False)
    cast.programme.events.all().delete()
    for title, location, online_url in [
        ("Briefing <A>", "Room 1.01", ""),
        ("Briefing B", "Room 2.02", "https://meet.example.org/b"),
    ]:
        EventFactory(
            programme=cast.programme,
            title=title,
            location=location,
            online_url=online_url,
            starts_at=datetime(2026, 12, 3, 9, 30, tzinfo=UTC),
        )

    hint = briefing_hint(client, cast.outsider)

    assert (
        "The next mentor briefings are on Thursday 3 December 2026, 09:30 (Briefing &lt;A&gt; · "
        "Room 1.01); Thursday 3 December 2026, 09:30 (Briefing B · Room 2.02 · online)." in hint
    )
