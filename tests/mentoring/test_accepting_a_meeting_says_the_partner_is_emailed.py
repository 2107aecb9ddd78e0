"""Beside "Accept", the page says that the partner who proposed the time is told by email,
as the pages to propose and to cancel say it; the one who proposed it is not offered to
accept, nor told so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(cast):
    """A time Maya proposed to Bola."""
    return MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)


def test_the_meeting_page_says_maya_is_told_by_email_when_bola_accepts(bola, proposal):
    page = words(bola.get(reverse("meeting_detail", args=[proposal.pk])).content.decode())

    assert "If you accept, Maya is told by email. Accept this time" in page


def test_the_pair_page_says_it_beside_each_time_waiting_for_an_answer(bola, proposal):
    page = words(bola.get(reverse("match")).content.decode())

    assert "Waiting for your answer If you accept a time, Maya is told by email." in page


def test_accepting_emails_maya_as_the_page_said(
    bola, cast, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bola.post(reverse("meeting_accept", args=[proposal.pk]), {"sequence": proposal.sequence})

    assert [mail.to for mail in mailoutbox] == [[cast.mentor.email]]


def test_maya_who_proposed_it_is_not_told_about_accepting(maya, proposal):
    for url in (reverse("meeting_detail", args=[proposal.pk]), reverse("match")):
        assert "is told by email" not in maya.get(url).content.decode()


def test_the_calendar_file_sent_on_accepting_says_when_it_changed(
    bola, cast, proposal, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    """Calendars read LAST-MODIFIED beside SEQUENCE: the confirmed entry's is the
    acceptance's, not the proposal's."""
    time_machine.move_to(timezone.now() + timedelta(minutes=10), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        bola.post(reverse("meeting_accept", args=[proposal.pk]), {"sequence": proposal.sequence})

    [mail] = mailoutbox
    [(_, ics, _)] = mail.attachments
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert event["status"] == "CONFIRMED"
    assert event["last-modified"].dt == timezone.now().replace(microsecond=0)
