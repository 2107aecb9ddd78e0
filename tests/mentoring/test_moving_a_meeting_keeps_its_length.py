"""Moving a meeting to another start keeps how long it lasts: the form leaves the end empty
and says so, so a new start alone neither shortens it nor is refused as ending before it
starts."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory
from tests.meetings import in_days, proposal_answers
from tests.pages import page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def ninety_minutes(cast):
    day = in_days(10)
    return MeetingFactory(
        match=cast.pair,
        starts_at=timezone.make_aware(timezone.datetime.combine(day, time(10, 0))),
        minutes=90,
    )


def test_the_form_leaves_the_end_empty_and_says_the_length_is_kept(maya, ninety_minutes):
    page = page_html(maya.get(reverse("meeting_change", args=[ninety_minutes.pk])))

    end = re.search(r'<input[^>]*name="end"[^>]*>', page).group(0)
    assert "value=" not in end
    assert "Leave empty to keep its 90 minutes. At most 8 hours;" in page


@pytest.mark.parametrize("start", ["10:30", "12:00"])
def test_a_new_start_alone_keeps_the_meetings_length(maya, ninety_minutes, start):
    response = maya.post(
        reverse("meeting_change", args=[ninety_minutes.pk]),
        proposal_answers(in_days(10), start=start, end="", sequence=ninety_minutes.sequence),
    )

    assert response.status_code == 302, page_html(response)
    ninety_minutes.refresh_from_db()
    assert ninety_minutes.minutes == 90
    assert timezone.localtime(ninety_minutes.starts_at).strftime("%H:%M") == start
    assert ninety_minutes.ends_at - ninety_minutes.starts_at == timedelta(minutes=90)
