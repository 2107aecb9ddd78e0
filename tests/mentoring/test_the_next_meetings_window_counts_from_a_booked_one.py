"""With a meeting already booked, the meeting proposed next is due a rhythm after that one
(6 to 8 weeks by default), not after the last one held: a date there is not warned of
as too early or late, and the page says which meeting it follows. Moving the booked meeting
itself still counts from the meeting before it."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.cadence import Window
from mentoring.models import Meeting
from tests.factories import MeetingFactory
from tests.meetings import in_days, proposal_answers
from tests.pages import page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(cast):
    """The pair's first meeting, booked for ten days on."""
    day = in_days(10)
    return MeetingFactory(
        match=cast.pair,
        starts_at=timezone.make_aware(timezone.datetime.combine(day, time(14, 0))),
    )


def test_a_date_seven_weeks_after_the_booked_meeting_is_within_the_window(cast, maya, booked):
    after = timezone.localdate(booked.starts_at) + timedelta(weeks=7)

    page = page_html(maya.get(reverse("meeting_new", args=[cast.pair.pk])))
    opens = timezone.localdate(booked.starts_at) + timedelta(weeks=6)
    closes = timezone.localdate(booked.starts_at) + timedelta(weeks=8)
    assert (
        f"The meeting after your booked one on {booked.starts_at:%-d %B} is due between "
        f"{Window(opens=opens, closes=closes).in_words}." in page
    )

    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(after))

    assert "Propose it anyway" not in page_html(response)
    assert Meeting.objects.filter(match=cast.pair).count() == 2


def test_moving_the_booked_meeting_counts_from_the_pairs_start_not_from_itself(cast, maya, booked):
    response = maya.post(
        reverse("meeting_change", args=[booked.pk]),
        proposal_answers(in_days(12), sequence=booked.sequence),
    )

    assert "Propose it anyway" not in page_html(response)
    booked.refresh_from_db()
    assert booked.starts_at.date() == in_days(12)


def test_with_several_booked_a_new_one_follows_the_last_and_moving_the_first_its_own(
    cast, maya, booked
):
    last = MeetingFactory(match=cast.pair, starts_at=booked.starts_at + timedelta(weeks=7))

    page = page_html(maya.get(reverse("meeting_new", args=[cast.pair.pk])))
    assert f"The meeting after your booked one on {last.starts_at:%-d %B} is due" in page

    # Moving the first booked meeting counts from the pair's start, not from the later one.
    response = maya.post(
        reverse("meeting_change", args=[booked.pk]),
        proposal_answers(in_days(12), sequence=booked.sequence),
    )
    assert "Propose it anyway" not in page_html(response)


def test_a_date_outside_the_window_is_warned_with_the_window_said_once(cast, maya, booked):
    """Proposing or moving, the page states the window once; the warning names the date
    chosen and points to it."""
    opens = timezone.localdate(booked.starts_at) + timedelta(weeks=6)
    closes = timezone.localdate(booked.starts_at) + timedelta(weeks=8)
    far = closes + timedelta(days=7)

    page = page_html(maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(far)))

    # The day with its year: a window may cross a new year.
    assert f"{far:%A %-d %B %Y} is after the due date, {closes:%-d %B %Y}." in page
    assert page.count(Window(opens=opens, closes=closes).in_words) == 1

    # Moving the booked meeting far off: its own window (the pair's first) is stated too.
    page = page_html(
        maya.post(
            reverse("meeting_change", args=[booked.pk]),
            proposal_answers(in_days(70), sequence=booked.sequence),
        )
    )
    assert "Your first meeting is due by" in page
    assert f"{in_days(70):%A %-d %B %Y} is after the due date" in page
