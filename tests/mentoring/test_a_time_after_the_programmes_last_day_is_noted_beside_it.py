"""A time proposed (or booked) after the programme's last day says so beside it, on the
meeting's page and where the pair's pages list it, as the form proposing it warned: Maya
ticked "Propose it anyway", and Bola, asked to accept it, is told too. Once the last day has
passed, the pages say that it was, and nothing more beside the time. Maya and Bola last met on
10 November 2026, so their next meeting is due between 22 December 2026 and 5 January 2027;
today is 1 December, and the programme's last day is 11 December."""

import re
from datetime import date, datetime, time

import pytest
from django.urls import reverse

from mentoring.services.meetings import meeting_accept
from tests.admin_pages import words_at
from tests.factories import MeetingFactory
from tests.meetings import book_anyway, proposal_answers
from tests.pages import page_html
from tests.winter import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

NOTE = "This time is after 11 December 2026, the last day of 2026/27 pilot."
PAGES = ["match", "meetings", "dashboard"]


def last_day(cast, day: date) -> None:
    cast.programme.ends_on = day
    cast.programme.save(update_fields=["ends_on"])


def proposed_by_maya(cast, day: date):
    """A time Maya proposed at 10:00 on `day`, as the form would have saved it."""
    return MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.mentor,
        starts_at=datetime.combine(day, time(10, 0), tzinfo=LONDON),
    )


@pytest.fixture
def proposed_after_the_last_day(met_three_weeks_ago, cast, maya):
    """Maya proposed Wednesday 16 December 2026, after the last day, "anyway"."""
    last_day(cast, date(2026, 12, 11))
    url = reverse("meeting_new", args=[cast.pair.pk])
    answers = proposal_answers(date(2026, 12, 16))
    assert maya.post(url, book_anyway(maya.post(url, answers), answers)).status_code == 302
    return cast.pair.meetings.get(status="proposed")


@pytest.fixture
def proposed_after_both(met_three_weeks_ago, cast):
    """Maya proposed Wednesday 6 January 2027: after the last day (11 December) and the date
    the meeting is due by (5 January)."""
    last_day(cast, date(2026, 12, 11))
    return proposed_by_maya(cast, date(2027, 1, 6))


def test_bola_is_told_the_time_proposed_is_after_the_last_day_before_she_accepts_it(
    proposed_after_the_last_day, bola
):
    url = reverse("meeting_detail", args=[proposed_after_the_last_day.pk])
    page = page_html(bola.get(url))

    assert words_at(bola, url).count(NOTE) == 1
    accept = re.search(r"<button[^>]*>Accept this time</button>", page).group(0)
    assert 'aria-describedby="late-note ' in accept
    assert f'id="late-note" class="small my-1">{NOTE}' in page
    for name in PAGES:
        assert words_at(bola, reverse(name)).count(NOTE) == 1, name


def test_a_time_booked_after_the_last_day_says_so_to_both(
    proposed_after_the_last_day, cast, maya, bola
):
    meeting_accept(meeting=proposed_after_the_last_day, by=cast.board_member)

    for browser in (maya, bola):
        for url in [reverse(name) for name in PAGES] + [
            reverse("meeting_detail", args=[proposed_after_the_last_day.pk])
        ]:
            assert words_at(browser, url).count(NOTE) == 1, url


def test_a_time_after_the_last_day_and_the_due_date_says_the_last_day_alone(
    proposed_after_both, bola
):
    """One note, as the form gives one warning (`placing`): the last day, not the due date."""
    for url in [reverse("match"), reverse("meeting_detail", args=[proposed_after_both.pk])]:
        shown = words_at(bola, url)
        assert shown.count(NOTE) == 1, url
        assert "after the due date" not in shown


def test_once_the_last_day_has_passed_nothing_is_said_beside_the_time(
    met_three_weeks_ago, cast, bola
):
    last_day(cast, date(2026, 11, 30))
    meeting = proposed_by_maya(cast, date(2026, 12, 23))

    assert "the last day of 2026/27 pilot was 30 November 2026" in words_at(bola, reverse("match"))
    for url in [reverse(name) for name in PAGES] + [reverse("meeting_detail", args=[meeting.pk])]:
        assert "This time is after" not in words_at(bola, url), url


def test_moving_a_time_after_the_last_day_and_the_due_date_says_the_last_day_alone(
    proposed_after_both, maya
):
    """The form changing the time says the last day, as the pages beside the time do, and
    not how much later than the due date the time is as well: one at most."""
    shown = words_at(maya, reverse("meeting_change", args=[proposed_after_both.pk]))

    assert "the last day of 2026/27 pilot is 11 December 2026" in shown
    assert "the time proposed is" not in shown
