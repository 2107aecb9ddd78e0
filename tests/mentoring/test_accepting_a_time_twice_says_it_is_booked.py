"""A double click on "Accept this time" (or Accept pressed again in another tab) is the
person's own accepting: the second press says the meeting is booked, by them, not that it
changed while they were looking. A time the partner moved meanwhile is still refused."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from mentoring.models import MeetingStatus
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def said(response):
    return [(message.level, str(message)) for message in response.context["messages"]]


def proposed_by_maya(cast):
    return MeetingFactory(
        match=cast.pair, status=MeetingStatus.PROPOSED, proposed_by=cast.mentor, confirmed_at=None
    )


def test_pressing_accept_twice_says_it_is_booked_by_them(client, cast):
    meeting = proposed_by_maya(cast)
    client.force_login(cast.board_member)
    url = reverse("meeting_accept", args=[meeting.pk])

    client.post(url, {"sequence": meeting.sequence})
    second = client.post(url, {"sequence": meeting.sequence}, follow=True)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    *_, message = said(second)  # after the first press's "Meeting booked."
    assert constants.ERROR not in [level for level, _ in said(second)]
    assert message[0] == constants.INFO
    assert message[1].startswith("You accepted this meeting already: it is booked for ")


def test_accepting_a_time_the_partner_moved_meanwhile_is_refused(client, cast):
    meeting = proposed_by_maya(cast)
    seen = meeting.sequence
    meeting.sequence += 1  # Maya moved it after Bola's page was drawn
    meeting.save()
    client.force_login(cast.board_member)

    answer = client.post(
        reverse("meeting_accept", args=[meeting.pk]), {"sequence": seen}, follow=True
    )

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED
    (message,) = said(answer)
    assert message[0] == constants.ERROR
    assert "now proposes" in message[1]
