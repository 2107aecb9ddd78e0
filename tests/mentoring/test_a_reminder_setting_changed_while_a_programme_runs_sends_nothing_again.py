"""A reminder setting changed while a programme runs moves the day of reminders still to
come, never sends again what was sent: a reminder's day is part of its key, so a meeting's
reminders count once per meeting (and booking) and person, and a pair's nudges once per
rhythm (since they last met, or were paired) and person."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    Meeting,
    Programme,
)
from tests.admin_pages import form_data
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def change_url(programme: Programme) -> str:
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def test_changing_when_the_log_reminder_comes_does_not_ask_again_about_meetings_already_asked(
    cast, clock, dispatch, office
):
    """The office changes "ask to log a meeting (days after)" from 2 to 4 on a running
    programme. Today both members of every pair with a meeting left unlogged in the last 60
    days, who were already asked "Did your meeting … take place?", get the same email a second
    time: the reminder's key holds its due date, and a new setting makes a new due date. A
    changed setting should decide reminders still to come, not repeat those already sent."""
    MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=10))
    assert dispatch()["meeting_not_logged"] == 2  # both members asked, once

    data = form_data(office.get(change_url(cast.programme)))
    saved = office.post(change_url(cast.programme), {**data, "log_reminder_days_after": "4"})
    assert saved.status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.log_reminder_days_after == 4

    assert dispatch()["meeting_not_logged"] == 0


def test_changing_when_the_first_meeting_reminder_comes_does_not_remind_again(
    cast, clock, dispatch, office
):
    """A meeting in 5 days, booked weeks ago: both members had the first reminder ("In 5
    days: your reverse mentoring meeting…"). The office moves the first reminder from 7 days
    before to 6: the next run sends both the same reminder again."""
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=5))
    Meeting.objects.filter(pk=meeting.pk).update(confirmed_at=timezone.now() - timedelta(days=20))
    assert dispatch()["meeting_first_reminder"] == 2

    data = form_data(office.get(change_url(cast.programme)))
    saved = office.post(change_url(cast.programme), {**data, "remind_days_before": "6"})
    assert saved.status_code == 302

    assert dispatch()["meeting_first_reminder"] == 0


def test_changing_the_gap_does_not_nudge_a_pair_again_to_book_their_next_meeting(
    cast, clock, dispatch, office
):
    """Their window opened (6 weeks since they last met, nothing booked): both were nudged
    "Time to book your next meeting". The office widens the gap from 6-8 weeks to 5-8: the
    window now opened a week earlier, which is another day, but the same window."""
    cast.pair.activated_at = timezone.now() - timedelta(weeks=20)
    cast.pair.save(update_fields=["activated_at"])
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=6, days=2))
    assert dispatch()["window_open"] == 2

    data = form_data(office.get(change_url(cast.programme)))
    saved = office.post(change_url(cast.programme), {**data, "gap_min_weeks": "5"})
    assert saved.status_code == 302

    assert dispatch()["window_open"] == 0


def test_changing_the_first_nudge_does_not_nudge_a_new_pair_again(cast, clock, dispatch, office):
    """Paired 8 days ago with nothing booked: both were nudged to book a first meeting, and
    the office told. The office moves the nudge from 7 days after pairing to 5."""
    cast.pair.activated_at = timezone.now() - timedelta(days=8)
    cast.pair.save(update_fields=["activated_at"])
    written = dispatch()
    assert written["first_contact"] >= 2  # Maya and Bola (and the cast's other new pair)
    assert written["first_contact_office"] >= 1

    data = form_data(office.get(change_url(cast.programme)))
    saved = office.post(change_url(cast.programme), {**data, "first_contact_days": "5"})
    assert saved.status_code == 302

    written = dispatch()
    assert written["first_contact"] == written["first_contact_office"] == 0
