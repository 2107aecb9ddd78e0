"""A time proposed for a meeting after the date it is due by says so beside the time, on
every page that lists it with that date: Maya and Bola last met on 13 October, so their next
meeting is due by 8 December (8 weeks on). They booked 8 December; on 1 December Maya moves
it to 9 December. The due date stays where the rhythm puts it (it counts from the meeting
held, not the one booked), and the dashboard, the pair page, the schedule and "Suggest
another time" say that 9 December is after it. A time within the window says nothing; nor
does any time once the date has passed: the pages say then that the meeting was due by it."""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.services.meetings import When, meeting_reschedule
from tests.admin_pages import words
from tests.factories import HeldMeetingFactory, MeetingFactory
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

DUE = "Your next meeting is due by 8 December 2026."
AFTER = "This time is after the date the meeting is due by (8 December 2026)."
AFTER_NAMED = (
    "Wednesday 9 December, 10:00 is after the date the meeting is due by (8 December 2026)."
)


@pytest.fixture
def december(time_machine):
    """1 December 2026, mid-morning, before the cast is made."""
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)


def moved_to(cast, day: int):
    """Maya and Bola met on 13 October and booked 8 December; Maya moves it to `day`."""
    HeldMeetingFactory(match=cast.pair, starts_at=datetime(2026, 10, 13, 10, 0, tzinfo=LONDON))
    booked = MeetingFactory(match=cast.pair, starts_at=datetime(2026, 12, 8, 10, 0, tzinfo=LONDON))
    return meeting_reschedule(
        meeting=booked,
        by=cast.mentor,
        when=When(datetime(2026, 12, day, 10, 0, tzinfo=LONDON), 60),
        reason="Away that day",
    )


def seen_by(person, url: str) -> str:
    browser = Client()
    browser.force_login(person)
    response = browser.get(url)
    assert response.status_code == 200, url
    return words(response.content.decode())


def test_a_meeting_moved_past_its_due_date_says_so_beside_the_new_time(december, cast):
    meeting = moved_to(cast, 9)

    dashboard = seen_by(cast.mentor, reverse("dashboard"))
    assert DUE in dashboard
    assert AFTER_NAMED in dashboard
    for url in (
        reverse("match"),
        reverse("meetings"),
        reverse("meeting_change", args=[meeting.pk]),
    ):
        page = seen_by(cast.mentor, url)
        assert page.count(AFTER) == 1, url
    # Bola, asked to accept it, reads it too.
    assert AFTER_NAMED in seen_by(cast.board_member, reverse("dashboard"))
    assert seen_by(cast.board_member, reverse("match")).count(AFTER) == 1


def test_a_meeting_moved_within_its_window_says_nothing_of_it(december, cast):
    meeting = moved_to(cast, 7)

    for url in (
        reverse("dashboard"),
        reverse("match"),
        reverse("meetings"),
        reverse("meeting_change", args=[meeting.pk]),
    ):
        assert "after the date the meeting is due by" not in seen_by(cast.mentor, url), url


def test_once_the_due_date_has_passed_the_pages_say_it_was_due_not_each_time_after_it(
    december, cast, time_machine
):
    moved_to(cast, 11)
    time_machine.move_to(datetime(2026, 12, 9, 10, 0, tzinfo=LONDON), tick=False)

    page = seen_by(cast.mentor, reverse("match"))

    assert "Your next meeting was due by 8 December 2026." in page
    assert "after the date the meeting is due by" not in page
