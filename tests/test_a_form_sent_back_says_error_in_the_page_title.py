"""A form sent back with its error summary says so first in the page's title ("Error: "),
the first thing a screen reader reads, on every form page alike; the same page without
errors does not."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import AMARA_SIGN_UP
from tests.cohort_messages import ADD, compose, people_beyond_the_cast, preview
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import log_answers
from tests.survey_answers import check, survey_of_each_kind, url

pytestmark = pytest.mark.django_db

survey = survey_of_each_kind()
people = people_beyond_the_cast()

SUMMARY = "There is a problem"


def title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return " ".join(html.unescape(found.group(1)).split())


@pytest.fixture
def maya(client, cast):
    client.force_login(cast.mentor)
    return client


def test_sign_up_refused_says_error_in_the_title(client):
    fresh = client.get(reverse("account_signup"))
    refused = client.post(reverse("account_signup"), {**AMARA_SIGN_UP, "email": "amara@gmail.com"})

    assert SUMMARY in refused.content.decode()
    assert title(refused) == f"Error: {title(fresh)}"
    assert not title(fresh).startswith("Error")


def test_proposing_a_meeting_without_a_day_says_error_in_the_title(cast, maya):
    agree_ground_rules(cast.pair)
    new = reverse("meeting_new", args=[cast.pair.pk])

    refused = maya.post(new, {"day": "", "start": "10:00", "end": "11:00", "location": "Room 1"})

    assert SUMMARY in refused.content.decode()
    assert title(refused) == "Error: Propose a meeting · Reverse mentoring"
    assert title(maya.get(new)) == "Propose a meeting · Reverse mentoring"


def test_logging_a_meeting_with_a_wrong_length_says_error_in_the_title(cast, maya):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))

    refused = maya.post(reverse("meeting_log", args=[meeting.pk]), log_answers(minutes="-5"))

    assert SUMMARY in refused.content.decode()
    assert title(refused).startswith("Error: Log the meeting of ")


def test_a_survey_with_a_required_answer_missing_says_error_in_the_title(maya, survey):
    refused = check(maya, survey, likert=None)

    assert SUMMARY in refused.content.decode()
    assert title(refused) == "Error: Pilot evaluation · Reverse mentoring"
    assert title(maya.get(url(survey))) == "Pilot evaluation · Reverse mentoring"


def test_the_admin_group_message_sent_back_says_error_in_the_title(client, cast, people):
    client.force_login(cast.coordinator)

    refused = preview(client, compose(client, "event"))

    assert SUMMARY in refused.content.decode()
    assert title(refused).startswith("Error: ")
    assert title(refused) == f"Error: {title(client.get(ADD))}"
