"""A member's page to call a time off, sent once the time is off already (the partner
declined or withdrew it, the person did so in another tab, or the pair ended), got what
they wanted: it says so as information, in the words of what their page was doing
(withdraw, decline, cancel), never as an error about cancelling. A page that sent no such
word (a link followed) says it neutrally. A logged meeting is still refused."""

import re

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from mentoring.models import MeetingStatus
from mentoring.services.matches import match_end
from mentoring.services.meetings import meeting_cancel
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _open(browser, meeting) -> dict:
    """The cancel page opened in `browser`: what it sends back with a reason typed."""
    page = browser.get(reverse("meeting_cancel", args=[meeting.pk])).content.decode()
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    return dict(hidden) | {"reason": "Diary clash"}


def _send(browser, meeting, sent: dict):
    return browser.post(reverse("meeting_cancel", args=[meeting.pk]), sent, follow=True)


def _said(response) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in response.context["messages"]]


@pytest.fixture
def booked(cast):
    return MeetingFactory(match=cast.pair, status=MeetingStatus.CONFIRMED)


@pytest.mark.parametrize(
    ("sender", "partner", "meeting_named", "said"),
    [
        pytest.param(
            "maya",
            "bola",
            "first_meeting_proposed",
            "Bola declined this time already, so there is nothing left to withdraw.",
            id="withdrawing-a-time-the-partner-declined",
        ),
        pytest.param(
            "bola",
            "maya",
            "first_meeting_proposed",
            "Maya withdrew this proposal already, so there is nothing left to decline.",
            id="declining-a-time-the-partner-withdrew",
        ),
        pytest.param(
            "maya",
            "bola",
            "booked",
            "Bola cancelled this meeting already, so there is nothing left to cancel.",
            id="cancelling-a-meeting-the-partner-cancelled",
        ),
    ],
)
def test_a_time_the_partner_called_off_meanwhile_says_there_is_nothing_left_to_do(
    request, cast, sender, partner, meeting_named, said
):
    """The sender's page, opened before the partner called the time off from theirs."""
    sender, partner = request.getfixturevalue(sender), request.getfixturevalue(partner)
    meeting = request.getfixturevalue(meeting_named)
    calling_off = _open(sender, meeting)
    _send(partner, meeting, _open(partner, meeting))

    answer = _send(sender, meeting, calling_off)

    assert _said(answer) == [(constants.INFO, said)]
    assert f'<div class="alert alert-info">{said}</div>' in answer.content.decode()
    assert "cannot be cancelled" not in answer.content.decode()


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param(None, id="a-link-followed"),
        pytest.param({"call_off": "postpone"}, id="a-page-sending-an-unknown-step"),
    ],
)
def test_a_time_already_declined_reached_naming_no_known_step_says_so_without_naming_one(
    cast, maya, bola, first_meeting_proposed, sent
):
    """Maya follows a link to the page, or sends the page (opened before Bola declined the
    time) with a step the page does not know."""
    page = None if sent is None else _open(maya, first_meeting_proposed) | sent
    _send(bola, first_meeting_proposed, _open(bola, first_meeting_proposed))

    if page is None:
        url = reverse("meeting_cancel", args=[first_meeting_proposed.pk])
        answer = maya.get(url, follow=True)
    else:
        answer = _send(maya, first_meeting_proposed, page)

    assert answer.status_code == 200
    assert _said(answer) == [
        (constants.INFO, "Bola declined this time already, so there is nothing left to call off.")
    ]


def test_withdrawing_in_a_second_tab_says_you_withdrew_it_already(
    cast, maya, first_meeting_proposed
):
    first_tab = _open(maya, first_meeting_proposed)
    second_tab = _open(maya, first_meeting_proposed)
    _send(maya, first_meeting_proposed, first_tab)

    answer = _send(maya, first_meeting_proposed, second_tab)

    assert _said(answer) == [(constants.INFO, "You withdrew this proposal already.")]


def test_withdrawing_a_time_after_the_pair_ended_says_there_is_nothing_to_withdraw(
    cast, maya, first_meeting_proposed
):
    withdrawing = _open(maya, first_meeting_proposed)
    match_end(match=cast.pair, reason="withdrawn", by=cast.coordinator)

    answer = _send(maya, first_meeting_proposed, withdrawing)

    assert _said(answer) == [
        (
            constants.INFO,
            "This pairing has ended and its meetings still to come are off, so there is "
            "nothing left to withdraw.",
        )
    ]


def test_withdrawing_a_time_the_partner_declines_as_it_is_sent_says_the_same(
    cast, maya, first_meeting_proposed, monkeypatch
):
    """Bola declines between Maya's page being read and her withdrawal reaching the meeting:
    the service refuses it, and the page says it as above."""
    withdrawing = _open(maya, first_meeting_proposed)

    def declined_first(**kwargs):
        meeting_cancel(meeting=first_meeting_proposed, by=cast.board_member, reason="Away")
        return meeting_cancel(**kwargs)

    monkeypatch.setattr("mentoring.views.meetings.meeting_cancel", declined_first)

    answer = _send(maya, first_meeting_proposed, withdrawing)

    assert _said(answer) == [
        (constants.INFO, "Bola declined this time already, so there is nothing left to withdraw.")
    ]
