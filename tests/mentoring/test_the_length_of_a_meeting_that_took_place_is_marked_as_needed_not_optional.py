"""The log page asks "How long did it last (minutes)?", needed when the meeting took place
(the log is refused without it: "Say how long the meeting lasted, in minutes."). It is not
marked "(optional)", and says when it is needed, as the action steps' boxes are marked."""

import re

import pytest
from django.urls import reverse

from tests.factories import HeldMeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


def _said(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def log_url(cast):
    agree_ground_rules(cast.pair)
    meeting = HeldMeetingFactory(match=cast.pair, status="confirmed")
    return reverse("meeting_log", args=[meeting.pk])


def test_the_length_is_not_marked_optional_and_says_when_it_is_needed(maya, log_url):
    said = _said(maya.get(log_url))

    assert "How long did it last (minutes)? Needed if it took place." in said
    assert "How long did it last (minutes)? (optional)" not in said


def test_left_empty_for_a_meeting_that_took_place_it_is_asked_for(maya, log_url):
    refused = maya.post(
        log_url,
        {
            "held": "yes",
            "actual_minutes": "",
            "action-TOTAL_FORMS": "3",
            "action-INITIAL_FORMS": "0",
            "action-MIN_NUM_FORMS": "0",
            "action-MAX_NUM_FORMS": "3",
        },
    )

    assert refused.status_code == 200
    assert "Say how long the meeting lasted, in minutes." in refused.content.decode()
