"""A form sent after the session ended shows back what was typed, each text under its box's
label on the page (the view's forms give them): on the meeting log, an action step's text
under "New action step 1: What will be done" and a review's note under "Review of action
step 1: Note" (rows numbered among those shown back, never by their id), not the names in
the page's code ("action-0-text", "review-12-note")."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import group_message_sent_after_31_idle_minutes, sign_in_for_real
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)
CODE_NAME = re.compile(r"\w+-\d+-\w+")


def shown_back(response) -> list[tuple[str, str]]:
    """What the page shows back: each label with its text."""
    page = response.content.decode()
    return [
        (label.strip(), text.strip())
        for label, text in re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    ]


def test_a_meeting_logs_boxes_are_labelled_in_words(client, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=START - timedelta(hours=1))
    url = reverse("meeting_log", args=[meeting.pk])
    with time_machine.travel(START, tick=False) as clock:
        sign_in_for_real(client, cast, "mentor")
        clock.shift(timedelta(hours=12))
        response = client.post(
            url,
            {
                "held": "yes",
                "actual_minutes": "55",
                "note": "The rota idea needs the union's view first.",
                "review-12-outcome": "done",
                "review-12-note": "Bola raised it at the board.",
                "action-TOTAL_FORMS": "3",
                "action-INITIAL_FORMS": "0",
                "action-0-text": "Ask the union rep about the rota",
                "action-0-owner": "mentor",
                "action-1-text": "",
                "action-2-text": "Share the rota survey with Bola",
            },
        )

    assert response.status_code == 403
    assert shown_back(response) == [
        ("Your private notes", "The rota idea needs the union&#x27;s view first."),
        ("Review of action step 1: Note", "Bola raised it at the board."),
        ("New action step 1: What will be done", "Ask the union rep about the rota"),
        ("New action step 2: What will be done", "Share the rota survey with Bola"),
    ]


def test_a_group_messages_boxes_are_labelled_in_words(client, cast):
    """Its message box reads "Message", the form's own label, as on the page."""
    with time_machine.travel(START, tick=False) as clock:
        response = group_message_sent_after_31_idle_minutes(
            client, cast, clock, "The mid-point evaluation opens on Monday."
        )

    assert response.status_code == 403
    shown = shown_back(response)
    assert shown == [
        ("Subject", "Mid-point evaluation"),
        ("Message", "The mid-point evaluation opens on Monday."),
    ]
    assert not any(CODE_NAME.search(label) for label, _ in shown)
