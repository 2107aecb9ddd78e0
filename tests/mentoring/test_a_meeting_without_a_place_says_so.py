"""A meeting booked without a place or a link ("Plan the year" books times only) says the
place is still to be agreed, on its page and wherever it is listed; one with a place, or
one already held, says nothing of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def page(client, person, url) -> str:
    client.force_login(person)
    return " ".join(client.get(url).content.decode().split())


def test_the_meeting_page_and_the_pair_page_say_the_place_is_not_agreed(client, cast):
    meeting = MeetingFactory(match=cast.pair, location="", online_url="")

    detail = page(client, cast.board_member, reverse("meeting_detail", args=[meeting.pk]))
    pair = page(client, cast.board_member, reverse("match"))

    assert 'Place: not agreed yet. Agree it with Maya, or add it with "Change the time".' in detail
    assert "· place not agreed yet" in pair


def test_a_meeting_with_a_place_or_already_held_says_nothing_of_it(client, cast):
    booked = MeetingFactory(match=cast.pair, location="Room 2.14")
    held = HeldMeetingFactory(
        match=cast.pair, location="", online_url="", starts_at=timezone.now() - timedelta(days=9)
    )

    for meeting in (booked, held):
        detail = page(client, cast.mentor, reverse("meeting_detail", args=[meeting.pk]))
        assert "not agreed yet" not in detail
    assert "not agreed yet" not in page(client, cast.mentor, reverse("match"))
