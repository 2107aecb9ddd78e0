"""Maya and Bola were paired ten weeks ago and have met or booked nothing: their first
meeting was due by 20 November. The proposal form says so in the pair page's words
(`cadence.due_in_words`), not that it "is due between" two days gone, and asks for the
soonest date; no date after a window already closed is warned of, as every date Maya can
choose is. A date outside a window still to come is warned of, naming the meeting as the
page does. And a partner whose account is switched off, who can answer no proposal, is not
offered one by the pair page, the schedule or the programme page, as by the dashboard."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from tests.admin_pages import words
from tests.factories import MeetingFactory
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

# Friday 4 December 2026; paired on Friday 25 September (gap 6 to 8 weeks: the first
# meeting was due by 20 November).
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=LONDON)
PAIRED = datetime(2026, 9, 25, 10, 0, tzinfo=LONDON)
WAS_DUE = "Your first meeting was due by 20 November 2026."


@pytest.fixture
def overdue(cast, time_machine):
    time_machine.move_to(NOW, tick=False)
    cast.pair.activated_at = PAIRED
    cast.pair.save(update_fields=["activated_at"])
    assert (cast.programme.gap_min_weeks, cast.programme.gap_max_weeks) == (6, 8)


def proposal(day: date, **extra) -> dict:
    return {"day": day.isoformat(), "start": "10:00", **extra}


def test_an_overdue_pair_is_not_told_a_past_window_nor_warned_off_its_soonest_date(
    maya, cast, overdue
):
    url = reverse("meeting_new", args=[cast.pair.pk])

    page = words(maya.get(url).content.decode())
    response = maya.post(url, proposal(date(2026, 12, 5)))

    assert "is due between" not in page, "a window wholly past is said as still to come"
    assert response.status_code == 302, "the soonest date is held back by a warning"


def test_the_form_says_when_the_first_meeting_was_due_as_the_pair_page_does(maya, cast, overdue):
    form = words(maya.get(reverse("meeting_new", args=[cast.pair.pk])).content.decode())
    pair_page = words(maya.get(reverse("match")).content.decode())

    assert WAS_DUE in pair_page
    assert f"{WAS_DUE} Choose the soonest date you can both make." in form


def test_any_date_after_the_closed_window_is_proposed_with_no_warning(maya, cast, overdue):
    url = reverse("meeting_new", args=[cast.pair.pk])

    for day in (date(2026, 12, 5), date(2027, 2, 1)):
        response = maya.post(url, proposal(day))
        assert response.status_code == 302, words(response.content.decode())

    assert Meeting.objects.filter(match=cast.pair).count() == 2


def test_a_date_after_a_first_meeting_s_open_window_is_warned_of_as_the_first(maya, cast):
    """Paired today, the first meeting is due within eight weeks: ten weeks on is warned of,
    as this meeting, not "your next", where the page says "Your first meeting"."""
    day = timezone.localdate() + timedelta(weeks=10)

    page = words(
        maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal(day)).content.decode()
    )

    assert "Your first meeting is due by" in page
    assert f"{day:%A %-d %B %Y} is after the due date, " in page
    assert "your next meeting" not in page
    assert not Meeting.objects.filter(match=cast.pair).exists()


def test_a_date_before_the_window_opens_is_still_warned_of(maya, cast):
    """Booked in ten days, the meeting after it is due six to eight weeks later: a date in
    twelve days is too soon, and said so."""
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=10))
    day = timezone.localdate() + timedelta(days=12)

    page = words(
        maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal(day)).content.decode()
    )

    assert f"The meeting after your booked one on {booked.starts_at:%-d %B} is due between" in page
    opens = timezone.localdate(booked.starts_at) + timedelta(weeks=6)
    assert (
        f"{day:%A %-d %B %Y} is before {opens:%-d %B %Y}, the first day this meeting is due."
        in (page)
    )
    assert Meeting.objects.filter(match=cast.pair).count() == 1


@pytest.mark.parametrize("page", ["dashboard", "match", "meetings"])
def test_no_page_offers_a_meeting_to_a_partner_switched_off(
    maya, cast, board_member_switched_off, page
):
    shown = maya.get(reverse(page)).content.decode()

    assert "Bola Board, whose account is switched off, is not emailed" in words(shown)
    assert reverse("meeting_new", args=[cast.pair.pk]) not in shown
    assert reverse("pair_plan", args=[cast.pair.pk]) not in shown


@pytest.mark.parametrize("page", ["dashboard", "match", "meetings"])
def test_every_page_offers_a_meeting_to_a_partner_who_can_answer(maya, cast, page):
    shown = maya.get(reverse(page)).content.decode()

    assert reverse("meeting_new", args=[cast.pair.pk]) in shown


def test_the_programme_page_does_not_ask_to_agree_a_meeting_with_a_partner_switched_off(
    maya, cast, board_member_switched_off
):
    page = words(maya.get(cast.programme.get_absolute_url()).content.decode())

    assert "Bola Board, whose account is switched off, is not emailed" in page
    assert "propose your first meeting" not in page
