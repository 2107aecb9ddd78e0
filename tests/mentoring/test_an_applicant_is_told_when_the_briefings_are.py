"""The application asks whether the applicant will come to a mentor briefing; before they
send it, the events page does not list the briefings, so the question says when the next
ones are (those going ahead, for mentors, still to come), one line a time with the places
at that time, or that none is set yet."""

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
        "The next mentor briefings are on:"
        '<ul class="mb-1"><li>Thursday 3 December 2026, 09:30: Mentor briefing in Senate Room, '
        "Main Building</li><li>Thursday 10 December 2026, 09:30: Joint briefing in Senate Room, "
        "Main Building</li></ul> Times are UK time (Europe/London). You book your place once "
        "you have sent your application." in hint
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
        "The next mentor briefing is on Sunday 20 December 2026, 09:57: Winter briefing in "
        "Senate Room, Main Building. Times are UK time (Europe/London)." in hint
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


def test_with_no_briefing_set_the_question_says_so_to_someone_yet_to_apply(client, cast):
    cast.programme.events.filter(starts_at__gt=timezone.now() - timedelta(days=1)).delete()

    hint = briefing_hint(client, cast.outsider)

    # Not the dashboard's words (for you, the events page): the events page lists none before
    # the application is sent. No word of a date is promised.
    assert (
        "No mentor briefing is scheduled yet. Dates appear here and, once you have applied, on "
        "the events page; or ask the programme office." in hint
    )
    assert "for you" not in hint
    assert "will tell you" not in hint


def test_with_recruitment_closed_and_no_briefing_set_nothing_is_said_of_after_applying(
    client, cast
):
    """Olu cannot apply while recruitment is closed: the question says where the briefings
    stand, not where they will appear once he has applied."""
    cast.programme.events.filter(starts_at__gt=timezone.now() - timedelta(days=1)).delete()
    cast.programme.recruitment_open = False
    cast.programme.save(update_fields=["recruitment_open"])

    client.force_login(cast.outsider)
    page = client.get(APPLY).content.decode()

    assert "Recruitment is closed" in page
    assert (
        "No mentor briefing is scheduled yet. Dates appear here once they are set; or ask the "
        "programme office." in briefing_hint(client, cast.outsider)
    )
    assert "once you have applied" not in page


def briefings_at(programme, *briefings, day=3):
    """Briefings for mentors on `day` December 2026 at 09:30: (title, place, online link)."""
    for title, location, online_url in briefings:
        EventFactory(
            programme=programme,
            audience=Audience.MENTORS,
            title=title,
            location=location,
            online_url=online_url,
            starts_at=datetime(2026, 12, day, 9, 30, tzinfo=UTC),
        )


@pytest.fixture
def december(cast, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False)
    cast.programme.events.all().delete()


def test_two_briefings_at_the_same_hour_are_one_time_with_both_places(client, cast, december):
    """Two rooms at the same hour: the time once, then each room, the title once."""
    briefings_at(
        cast.programme,
        ("Mentor briefing", "Room 1.01", ""),
        ("Mentor briefing", "Room 2.02", ""),
    )

    hint = briefing_hint(client, cast.outsider)

    assert (
        "The next mentor briefings are on Thursday 3 December 2026, 09:30: Mentor briefing in "
        "Room 1.01 or Room 2.02. Times are UK time (Europe/London)." in hint
    )
    assert hint.count("3 December") == 1


def test_two_briefings_at_the_same_hour_are_told_apart_by_their_title_and_place(
    client, cast, december
):
    """Each title once, with its place; one with a room and a link is in the room or online.
    What the office typed is escaped."""
    briefings_at(
        cast.programme,
        ("Briefing <A>", "Room 1.01", ""),
        ("Briefing B", "Room 2.02", "https://meet.example.org/b"),
    )

    hint = briefing_hint(client, cast.outsider)

    assert (
        "The next mentor briefings are on Thursday 3 December 2026, 09:30: Briefing &lt;A&gt; "
        "in Room 1.01; or Briefing B in Room 2.02 or online." in hint
    )


def test_an_online_briefing_says_online_once(client, cast, december):
    """With one in a room among them, each online briefing says so on its own line, where
    its title does not say it already."""
    briefings_at(cast.programme, ("Online mentor briefing", "", "https://meet.example.org/a"))
    briefings_at(cast.programme, ("Mentor briefing", "", "https://meet.example.org/b"), day=4)
    briefings_at(cast.programme, ("Mentor briefing", "Room 1.01", ""), day=5)

    hint = briefing_hint(client, cast.outsider)

    assert "The next mentor briefings are on:" in hint
    assert "<li>Thursday 3 December 2026, 09:30: Online mentor briefing</li>" in hint
    assert "<li>Friday 4 December 2026, 09:30: Mentor briefing, online</li>" in hint
    assert "<li>Saturday 5 December 2026, 09:30: Mentor briefing in Room 1.01</li>" in hint


def test_times_whose_briefings_are_all_online_say_online_once_for_the_list(client, cast, december):
    """Online briefings at 09:30 on three days, two of them (two links) on the first: the
    list says once that they are online, and each time names the briefing once."""
    briefings_at(
        cast.programme,
        ("Mentor briefing", "", "https://meet.example.org/a"),
        ("Mentor briefing", "", "https://meet.example.org/b"),
    )
    for day in (4, 5):
        briefings_at(cast.programme, ("Mentor briefing", "", "https://meet.example.org/a"), day=day)

    hint = briefing_hint(client, cast.outsider)

    assert (
        'The next mentor briefings, all online, are on:<ul class="mb-1">'
        "<li>Thursday 3 December 2026, 09:30: Mentor briefing</li>"
        "<li>Friday 4 December 2026, 09:30: Mentor briefing</li>"
        "<li>Saturday 5 December 2026, 09:30: Mentor briefing</li></ul>" in hint
    )
    assert hint.count("online") == 1


def test_two_online_briefings_at_one_time_say_online_once(client, cast, december):
    briefings_at(
        cast.programme,
        ("Briefing A", "", "https://meet.example.org/a"),
        ("Briefing B", "", "https://meet.example.org/b"),
    )

    hint = briefing_hint(client, cast.outsider)

    assert (
        "The next mentor briefings are on Thursday 3 December 2026, 09:30: Briefing A or "
        "Briefing B, online." in hint
    )


def test_the_question_lists_the_next_three_times_with_every_briefing_at_each(
    client, cast, december
):
    for day in (3, 4, 5, 6):
        briefings_at(
            cast.programme,
            ("Mentor briefing", "Room 1.01", ""),
            ("Mentor briefing", "Room 2.02", ""),
            day=day,
        )

    hint = briefing_hint(client, cast.outsider)

    assert hint.count("<li>") == 3
    assert "December 2026, 09:30: Mentor briefing in Room 1.01 or Room 2.02</li>" in hint
    assert "Sunday 6 December" not in hint


def test_the_question_is_described_once_to_the_group_not_to_each_button(client, cast, december):
    briefings_at(cast.programme, ("Mentor briefing", "Room 1.01", ""))
    client.force_login(cast.outsider)

    page = client.get(APPLY).content.decode()

    assert page.count('aria-describedby="id_will_attend_briefing_helptext"') == 1
    assert '<fieldset aria-describedby="id_will_attend_briefing_helptext">' in page
