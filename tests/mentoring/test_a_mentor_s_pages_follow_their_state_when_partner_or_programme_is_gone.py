"""A mentor's pages follow where they stand when their partner or their programme is gone.
Bola's account switched off: Maya's schedule says so, as her pair page and dashboard do, and
never that Bola's answer is waited for. A programme the office closed while an application
to it was still under review, or waitlisted: the Events page says where that application
stood, as the dashboard does, and thanks nobody for taking part. A pair still meeting in a
closed programme: the proposal form, like every other page, calls no meeting due."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ApplicationStatus, ProgrammeStatus
from tests.admin_pages import words
from tests.factories import (
    HeldMeetingFactory,
    MeetingFactory,
    MentorApplicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOT_TOLD_ON_PAGES = "Bola Board, whose account is switched off, is not emailed and cannot sign in"
ENDED_STILL_PAIRED = "2026/27 pilot has ended: your pair can still meet and log its meetings"
THANKED = "ended before you were paired"


def close(programme):
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def proposed(cast, by, days=9):
    return MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=by,
        starts_at=timezone.now() + timedelta(days=days),
    )


def test_the_schedule_of_a_mentor_whose_board_member_is_switched_off_says_so(
    maya, cast, board_member_switched_off
):
    # Maya proposed a time before Bola left; Bola can never answer it.
    proposed(cast, by=cast.mentor)

    page = words(maya.get(reverse("meetings")).content.decode())

    assert NOT_TOLD_ON_PAGES in page
    assert "Waiting for an answer from Bola" not in page


def test_the_schedule_says_whose_answer_a_proposal_waits_for(maya, cast):
    proposed(cast, by=cast.mentor, days=9)
    proposed(cast, by=cast.board_member, days=12)

    page = words(maya.get(reverse("meetings")).content.decode())

    assert "Waiting for an answer from Bola" in page
    assert "Waiting for an answer from you" in page
    assert NOT_TOLD_ON_PAGES not in page


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (ApplicationStatus.SUBMITTED, "ended while your application to it was still being"),
        (ApplicationStatus.WAITLISTED, "you were on the waiting list for 2026/27 pilot"),
    ],
)
def test_an_application_not_yet_accepted_when_its_programme_closed_is_not_thanked_for_taking_part(
    cast, status, said
):
    sam = UserFactory(full_name="Sam Sent", email="sam.sent@example.org")
    MentorApplicationFactory(programme=cast.programme, applicant=sam, status=status)
    close(cast.programme)
    client = Client()
    client.force_login(sam)

    events = words(client.get(reverse("events")).content.decode())

    assert said in events
    assert THANKED not in events
    assert "Thank you for taking part" not in events


def test_the_proposal_form_of_a_pair_in_a_closed_programme_calls_no_meeting_due(maya, cast):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=10))
    close(cast.programme)

    page = words(maya.get(reverse("meeting_new", args=[cast.pair.pk])).content.decode())

    assert "is due between" not in page
    assert page.count(ENDED_STILL_PAIRED) == 1
    assert "Bola is told and can accept or suggest another time" in page


def test_suggesting_another_time_in_a_closed_programme_calls_no_meeting_due(maya, cast):
    meeting = proposed(cast, by=cast.board_member)
    close(cast.programme)

    page = words(maya.get(reverse("meeting_change", args=[meeting.pk])).content.decode())

    assert "is due between" not in page
    assert page.count(ENDED_STILL_PAIRED) == 1


def test_a_time_proposed_in_a_closed_programme_is_outside_no_window(maya, cast):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=10))
    close(cast.programme)
    day = timezone.localdate() + timedelta(days=2)

    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": day.isoformat(), "start": "10:00", "end": "11:00", "location": "Room 2.14"},
    )

    assert response.status_code == 302
    assert cast.pair.meetings.filter(status="proposed").count() == 1
