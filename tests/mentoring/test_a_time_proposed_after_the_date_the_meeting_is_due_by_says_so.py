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

from mentoring.models import MeetingStatus
from mentoring.services.meetings import When, meeting_propose, meeting_reschedule
from tests.admin_pages import words
from tests.factories import HeldMeetingFactory, MeetingFactory
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

DUE = "Your next meeting is due by 8 December 2026."
AFTER = "This time is after the due date, 8 December 2026."
# "Suggest another time" says the due date once, and how far after it the time is.
ON_THE_FORM = "This meeting is due by 8 December 2026; the time proposed is 1 day later."


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
    assert dashboard.count(AFTER) == 1
    for url in (reverse("match"), reverse("meetings")):
        page = seen_by(cast.mentor, url)
        assert page.count(AFTER) == 1, url
    # Bola, asked to accept it, reads it too.
    assert seen_by(cast.board_member, reverse("dashboard")).count(AFTER) == 1
    assert seen_by(cast.board_member, reverse("match")).count(AFTER) == 1
    form = seen_by(cast.mentor, reverse("meeting_change", args=[meeting.pk]))
    assert ON_THE_FORM in form
    assert AFTER not in form


def test_the_dashboard_says_the_time_once_and_the_form_the_due_date_once(december, cast):
    meeting = moved_to(cast, 9)

    dashboard = seen_by(cast.mentor, reverse("dashboard"))
    # The time is in the proposal's line and the move's; the note beside them does not say it
    # a third time.
    assert dashboard.count("9 December") == 2
    assert "Wednesday 9 December, 10:00 is after" not in dashboard
    form = seen_by(cast.mentor, reverse("meeting_change", args=[meeting.pk]))
    assert form.count("8 December 2026") == 1


def test_several_times_proposed_on_the_dashboard_each_say_which_is_after(december, cast):
    moved_to(cast, 9)
    MeetingFactory(
        match=cast.pair,
        starts_at=datetime(2026, 12, 14, 10, 0, tzinfo=LONDON),
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.mentor,
    )

    dashboard = seen_by(cast.mentor, reverse("dashboard"))

    assert "Wednesday 9 December 2026, 10:00 is after the due date, 8 December 2026." in dashboard


def test_a_meeting_moved_within_its_window_says_nothing_of_it(december, cast):
    meeting = moved_to(cast, 7)

    for url in (
        reverse("dashboard"),
        reverse("match"),
        reverse("meetings"),
        reverse("meeting_change", args=[meeting.pk]),
    ):
        page = seen_by(cast.mentor, url)
        assert "after the due date" not in page, url
        assert "the time proposed is" not in page, url


def test_once_the_due_date_has_passed_the_pages_say_it_was_due_not_each_time_after_it(
    december, cast, time_machine
):
    moved_to(cast, 11)
    time_machine.move_to(datetime(2026, 12, 9, 10, 0, tzinfo=LONDON), tick=False)

    page = seen_by(cast.mentor, reverse("match"))

    assert "Your next meeting was due by 8 December 2026." in page
    assert "after the due date" not in page


def test_a_new_time_proposed_before_a_later_booking_is_due_where_its_form_said(december, cast):
    """Maya and Bola met on 13 October and have booked 22 December. A new meeting follows
    the last one held or booked, so the form proposing it counts from 22 December: Maya
    proposes 10 December (before the booking, after 8 December). The pages count it from the
    same meeting as the form did, and do not say it is after 8 December."""
    HeldMeetingFactory(match=cast.pair, starts_at=datetime(2026, 10, 13, 10, 0, tzinfo=LONDON))
    MeetingFactory(match=cast.pair, starts_at=datetime(2026, 12, 22, 10, 0, tzinfo=LONDON))
    due = "is due between 2 February and 16 February 2027."
    assert due in seen_by(cast.mentor, reverse("meeting_new", args=[cast.pair.pk]))
    proposed = meeting_propose(
        match=cast.pair,
        by=cast.mentor,
        when=When(datetime(2026, 12, 10, 10, 0, tzinfo=LONDON), 60),
    )

    for person, url in (
        (cast.mentor, reverse("dashboard")),
        (cast.mentor, reverse("match")),
        (cast.mentor, reverse("meetings")),
        (cast.board_member, reverse("dashboard")),
        (cast.board_member, reverse("match")),
    ):
        assert "after the due date" not in seen_by(person, url), url
    form = seen_by(cast.mentor, reverse("meeting_change", args=[proposed.pk]))
    assert due in form
    assert "the time proposed is" not in form
