"""A time Bola proposed to Maya is Maya's to decline, not to drop: her meeting page, the page
that asks why, the message after it and Bola's email all say she declined it. Bola, who
proposed it, still drops her own proposal. The calendar file offered for a time not accepted
yet is tentative, and the link says so."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import words
from tests.cast import browser_of

pytestmark = pytest.mark.django_db


def page_of(browser: Client, name: str, meeting) -> str:
    response = browser.get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    return words(response.content.decode())


def test_the_one_a_time_was_proposed_to_is_offered_to_decline_it(
    cast, proposed_by_the_board_member
):
    maya = page_of(browser_of(cast.mentor), "meeting_detail", proposed_by_the_board_member)
    bola = page_of(browser_of(cast.board_member), "meeting_detail", proposed_by_the_board_member)

    assert "Decline this time" in maya
    assert "Withdraw this proposal" not in maya
    assert "Withdraw this proposal" in bola
    assert "Decline this time" not in bola


def test_declining_asks_why_declining_and_says_bola_is_told_it_is_declined(
    cast, proposed_by_the_board_member
):
    response = browser_of(cast.mentor).get(
        reverse("meeting_cancel", args=[proposed_by_the_board_member.pk])
    )
    assert "<h1>Decline this time</h1>" in response.content.decode()
    page = words(response.content.decode())

    assert "Why are you declining it?" in page
    assert "Bola will be emailed that it is declined" in page
    assert "Withdraw this proposal" not in page


def test_the_decline_page_says_once_that_the_reason_is_not_emailed_beside_the_box(
    cast, proposed_by_the_board_member
):
    page = page_of(browser_of(cast.mentor), "meeting_cancel", proposed_by_the_board_member)

    assert "Bola will be emailed that it is declined." in page
    assert "does not give your reason" not in page
    assert page.count("emailed") == 2  # Bola is told; the reason never is (the box's hint).
    assert "your partner sees them on the meeting page; they are never emailed." in page


def test_declining_says_so_in_the_message_and_in_the_proposers_email(
    cast, proposed_by_the_board_member, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = proposed_by_the_board_member
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of(cast.mentor).post(
            reverse("meeting_cancel", args=[meeting.pk]),
            {"reason": "Exam board that day", "sequence": meeting.sequence},
            follow=True,
        )

    assert "You declined the time proposed and your partner has been told." in words(
        response.content.decode()
    )
    [email] = mailoutbox
    day = timezone.localtime(meeting.starts_at)
    assert email.to == [cast.board_member.email]
    assert email.subject == f"Maya Mentor declined the time you proposed for {day:%-d %B}"
    assert "Maya Mentor has declined the time you proposed for" in email.body
    assert "Maya Mentor has declined the time you proposed for" in email.alternatives[0][0]
    assert "dropped" not in email.body


def test_the_calendar_file_of_a_time_not_accepted_yet_is_offered_as_tentative(
    cast, proposed_by_the_board_member
):
    maya = browser_of(cast.mentor)

    page = page_of(maya, "meeting_detail", proposed_by_the_board_member)
    calendar = maya.get(reverse("meeting_calendar", args=[proposed_by_the_board_member.pk]))

    assert "Add to your calendar as tentative, not accepted yet (.ics)" in page
    assert "STATUS:TENTATIVE" in calendar.content.decode()
