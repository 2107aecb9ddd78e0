"""Moving a booked meeting, "Suggest another time" says the date it is due by, not a window
that opens weeks after the time it has: Maya and Bola's meeting of 4 December is over and
not logged yet (it counts as met), and they booked another for 13 December. On 6 December
Maya moves the 13 December one: it counts from 4 December (the meeting before it), so it is
due by 29 January 2027 (8 weeks on), and a date a few days off is not outside its window,
as though it should wait until mid-January. The pair page flags a new time after that same
date, and no other: one rule for both."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from mentoring.models import MeetingStatus
from tests.admin_pages import words
from tests.factories import MeetingFactory
from tests.meetings import book_anyway, proposal_answers
from tests.pages import page_html
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

DUE_BY = "This meeting is due by 29 January 2027."


@pytest.fixture
def booked(time_machine, cast):
    """On 6 December, the meeting of 4 December is over and not logged; 13 December's is
    booked."""
    time_machine.move_to(datetime(2026, 12, 6, 10, 0, tzinfo=LONDON), tick=False)
    MeetingFactory(match=cast.pair, starts_at=datetime(2026, 12, 4, 9, 0, tzinfo=LONDON))
    return MeetingFactory(match=cast.pair, starts_at=datetime(2026, 12, 13, 9, 52, tzinfo=LONDON))


def test_moving_a_booked_meeting_says_the_date_it_is_due_by_not_a_later_window(maya, booked):
    page = words(page_html(maya.get(reverse("meeting_change", args=[booked.pk]))))

    assert "Currently Sunday 13 December 2026, 09:52." in page
    assert DUE_BY in page
    assert "due between" not in page
    assert "15 January" not in page


def test_moving_a_booked_meeting_a_few_days_is_not_warned_as_outside_its_window(maya, booked):
    response = maya.post(
        reverse("meeting_change", args=[booked.pk]),
        proposal_answers(date(2026, 12, 15), sequence=booked.sequence),
    )

    assert "after the due date" not in page_html(response)
    booked.refresh_from_db()
    assert booked.status == MeetingStatus.PROPOSED
    assert booked.starts_at == datetime(2026, 12, 15, 10, 0, tzinfo=LONDON)


def test_the_form_and_the_pair_page_flag_a_move_after_the_same_due_date(maya, booked):
    url = reverse("meeting_change", args=[booked.pk])
    answers = proposal_answers(date(2027, 2, 1), sequence=booked.sequence)
    warned = maya.post(url, answers)
    assert "Monday 1 February 2027 is after the due date, 29 January 2027." in page_html(warned)
    maya.post(url, book_anyway(warned, answers))
    booked.refresh_from_db()
    assert booked.status == MeetingStatus.PROPOSED

    pair_page = words(page_html(maya.get(reverse("match"))))
    form = words(page_html(maya.get(url)))

    # Each says the new time is after 29 January 2027 (the late note's words are its own).
    assert "29 January 2027" in pair_page
    assert "This meeting is due by 29 January 2027;" in form


def test_a_late_time_is_warned_of_as_after_the_date_it_is_due_by_in_the_pair_pages_words(
    maya, booked
):
    """The page says only the date the meeting is due by, no window: the warning says the
    time is after that date, in the words the pair page notes it with once proposed."""
    url = reverse("meeting_change", args=[booked.pk])
    answers = proposal_answers(date(2027, 4, 5), sequence=booked.sequence)
    warned = maya.post(url, answers)

    form = words(page_html(warned))
    assert DUE_BY in form
    assert "Monday 5 April 2027 is after the due date, 29 January 2027." in form
    assert "window" not in form

    maya.post(url, book_anyway(warned, answers))
    pair_page = words(page_html(maya.get(reverse("match"))))
    assert "This time is after the due date, 29 January 2027." in pair_page
