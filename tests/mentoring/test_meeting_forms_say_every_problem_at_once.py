"""A form with several independent problems says them all at once, each once beside its field
and once in the summary at the top, so that the person corrects everything in one go."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PAST = "Choose a date and time in the future."
TOO_FAR = "Choose a date within the next two years."
ENDS_FIRST = "The meeting must end after it starts."
TOO_LONG = "A meeting can last at most 8 hours."
BAD_LINK = "Enter a web address that starts with https:// or http://."
NO_START = "Enter the time the meeting starts."


@pytest.fixture
def maya(cast):
    client = Client()
    client.force_login(cast.mentor)
    return client


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def said(page: str) -> dict[str, str]:
    """Each message of the summary, by the field it links to."""
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    return dict(re.findall(r'<a class="alert-link" href="#id_(\w+)">([^<]+)</a>', summary.group(0)))


def assert_said_once_beside_and_once_above(page: str, messages: dict[str, str]) -> None:
    assert said(page) == messages
    for field, message in messages.items():
        assert page.count(message) == 2, message
        beside = re.search(rf'id="error_1_id_{field}"[^>]*>\s*<strong>([^<]+)</strong>', page)
        assert beside, field
        assert beside.group(1) == message, field


@pytest.mark.parametrize(
    ("day", "start", "end", "online_url", "messages"),
    [
        (in_days(-1), "11:00", "10:00", "", {"day": PAST, "end": ENDS_FIRST}),
        (
            in_days(-3),
            "08:00",
            "16:30",
            "ftp://x",
            {"day": PAST, "end": TOO_LONG, "online_url": BAD_LINK},
        ),
        (in_days(800), "11:00", "10:00", "", {"day": TOO_FAR, "end": ENDS_FIRST}),
        (in_days(-1), "", "10:00", "", {"day": PAST, "start": NO_START}),
    ],
    ids=[
        "past and ends first",
        "past, too long, bad link",
        "too far and ends first",
        "past, no start",
    ],
)
def test_proposing_a_meeting_says_every_problem_at_once(
    cast, maya, day, start, end, online_url, messages
):
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": day, "start": start, "end": end, "location": "Room 1", "online_url": online_url},
    )

    assert response.status_code == 200
    assert_said_once_beside_and_once_above(response.content.decode(), messages)
    assert not Meeting.objects.exists()


def test_moving_a_meeting_says_every_problem_at_once(cast, maya):
    meeting = MeetingFactory(match=cast.pair)

    response = maya.post(
        reverse("meeting_change", args=[meeting.pk]),
        {"day": in_days(-1), "start": "11:00", "end": "10:00", "location": "Room 1", "reason": ""},
    )

    assert response.status_code == 200
    assert_said_once_beside_and_once_above(
        response.content.decode(), {"day": PAST, "end": ENDS_FIRST}
    )
