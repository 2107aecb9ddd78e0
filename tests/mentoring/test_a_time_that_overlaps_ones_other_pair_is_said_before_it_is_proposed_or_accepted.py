"""A mentor with two board members: a time that overlaps their meeting in the other pair is
said before they propose it ("Plan the year" leaves it unticked) or accept it."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from tests.admin_pages import words
from tests.factories import (
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def test_plan_the_year_leaves_unticked_the_times_the_mentor_meets_another_board_member(
    client, cast, second_pair, clock
):
    """Maya mentors Bola and Nia: both pairs' rhythm gives the same dates, at the same time.
    Planning Nia's year after Bola's offers those dates unticked, saying what they overlap."""
    client.force_login(cast.mentor)
    page = client.get(reverse("pair_plan", args=[cast.pair.pk])).content.decode()
    dates = re.findall(r'name="dates" value="([^"]+)"', page)
    client.post(reverse("pair_plan", args=[cast.pair.pk]), {"dates": dates})
    with_bola = set(Meeting.objects.filter(match=cast.pair).values_list("starts_at", flat=True))

    page = client.get(reverse("pair_plan", args=[second_pair.pk])).content.decode()

    boxes = re.findall(r'<input type="checkbox"[^>]* name="dates" value="([^"]+)"([^>]*)>', page)
    clashing = [
        (value, rest) for value, rest in boxes if datetime.fromisoformat(value) in with_bola
    ]
    assert clashing  # the same rhythm, the same dates
    assert all("checked" not in rest for _, rest in clashing)
    assert words(page).count("(overlaps your meeting with Bola Board)") == len(clashing)
    assert "left unticked" in words(page)


def test_accepting_a_time_that_overlaps_ones_own_booked_meeting_is_warned(
    client, cast, second_pair
):
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    MeetingFactory(match=cast.pair, starts_at=start)  # booked with Bola
    proposal = MeetingFactory(
        match=second_pair,
        starts_at=start,
        status="proposed",
        proposed_by=second_pair.board_member.user,
    )
    client.force_login(cast.mentor)
    page = client.get(reverse("meeting_detail", args=[proposal.pk])).content.decode()
    assert "Accept this time" in page
    assert "This time overlaps your meeting with Bola Board" in words(page)
