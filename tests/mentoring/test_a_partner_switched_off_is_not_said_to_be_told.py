"""The office switched Bola's account off (she has left; her pair with Maya runs on): she
cannot sign in, and no email reaches her (`accounts.outbox.can_be_emailed`). Maya's
message after cancelling a meeting, and her pages that ask her to answer one, never say
Bola "has been told": they say Bola was not emailed and cannot sign in, and to write to the
programme office. Proposing, planning or moving meetings with Bola is not offered, and
refused with the same words when reached by its address (moving has a file of its own)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOT_TOLD = "Bola Board, whose account is switched off, was not emailed and cannot sign in"
NOT_TOLD_ON_PAGES = "Bola Board, whose account is switched off, is not emailed and cannot sign in"


@pytest.fixture
def office_address(cast):
    return cast.programme.contact_email


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def proposal(days=10) -> dict:
    day = timezone.localdate() + timedelta(days=days)
    return {
        "day": day.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "location": "Room 2.14",
        "online_url": "",
    }


def test_a_proposal_to_bola_is_refused_saying_she_is_not_emailed_and_whom_to_write_to(
    maya, cast, board_member_switched_off, office_address
):
    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal(), follow=True)

    page = words(response.content.decode())
    assert not cast.pair.meetings.exists()
    assert f"{NOT_TOLD_ON_PAGES}. Write to the programme office at {office_address}" in page
    assert "has been told" not in page


def test_cancelling_a_meeting_says_bola_was_not_emailed(
    maya, cast, board_member_switched_off, office_address
):
    meeting = MeetingFactory(match=cast.pair)

    response = maya.post(
        reverse("meeting_cancel", args=[meeting.pk]),
        {"reason": "Away that week", "sequence": meeting.sequence},
        follow=True,
    )

    [message] = said(response)
    assert message.startswith(f"The meeting is cancelled. {NOT_TOLD}"), message
    assert "has been told" not in message
    assert office_address in message
    assert "take it out with this calendar file" in message


def test_the_cancel_page_does_not_say_bola_will_be_emailed(maya, cast, board_member_switched_off):
    meeting = MeetingFactory(match=cast.pair)

    page = words(maya.get(reverse("meeting_cancel", args=[meeting.pk])).content.decode())

    assert "will be emailed" not in page
    assert NOT_TOLD_ON_PAGES in page


def test_planning_the_year_with_bola_is_refused_saying_she_is_not_emailed(
    maya, cast, board_member_switched_off, office_address
):
    response = maya.get(reverse("pair_plan", args=[cast.pair.pk]), follow=True)

    [message] = said(response)
    assert NOT_TOLD_ON_PAGES in message
    assert "can accept, move or drop" not in words(response.content.decode())
    assert office_address in message


def test_the_proposal_form_does_not_say_bola_is_told(maya, cast, board_member_switched_off):
    response = maya.get(reverse("meeting_new", args=[cast.pair.pk]), follow=True)
    page = words(response.content.decode())

    assert "Bola is told" not in page
    assert NOT_TOLD_ON_PAGES in page


def test_the_pair_page_says_bolas_account_is_switched_off_and_where_to_ask_to_end_it(
    maya, cast, board_member_switched_off
):
    page = maya.get(reverse("match")).content.decode()

    assert NOT_TOLD_ON_PAGES in words(page)
    assert f'href="{reverse("pair_request", args=[cast.pair.pk])}?kind=end"' in page


def test_the_dashboard_asks_maya_to_ask_the_office_not_to_propose_to_bola(
    maya, board_member_switched_off
):
    page = words(maya.get(reverse("dashboard")).content.decode())

    assert NOT_TOLD_ON_PAGES in page
    assert "Ask the programme office, privately, to end this pairing" in page
    assert "propose your first meeting with Bola" not in page


def test_a_time_bola_proposed_before_is_not_said_to_tell_her_on_accepting(
    maya, board_member_switched_off, proposed_by_the_board_member
):
    meeting = proposed_by_the_board_member

    for url in (reverse("match"), reverse("meeting_detail", args=[meeting.pk])):
        page = words(maya.get(url).content.decode())
        assert "is told by email" not in page, url
        assert NOT_TOLD_ON_PAGES in page, url


def test_with_bolas_account_on_maya_is_told_bola_was_told(maya, cast):
    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal(), follow=True)

    assert said(response) == [
        "Meeting proposed. Bola Board has been told and can accept it or suggest another time."
    ]
    assert "switched off" not in words(maya.get(reverse("dashboard")).content.decode())


def test_a_proposal_of_mayas_is_not_said_to_wait_for_bolas_answer(
    maya, cast, board_member_switched_off
):
    MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.mentor,
        starts_at=timezone.now() + timedelta(days=9),
    )

    for url in (reverse("dashboard"), reverse("programme_detail", args=[cast.programme.slug])):
        page = words(maya.get(url).content.decode())
        assert "waiting for Bola to answer" not in page, url
        assert "Bola Board is asked to accept it" not in page, url
        assert NOT_TOLD_ON_PAGES in page, url
