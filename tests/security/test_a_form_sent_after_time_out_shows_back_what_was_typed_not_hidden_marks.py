"""A form sent after the session ended shows back what the person typed, read with the forms
of the page it was sent from: every box of words they typed in, a one-word answer too, under
the label the page gives it, and nothing the page sent hidden beside it (a mark of what it
showed, the value each box had as the page opened)."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import SIGNED_IN_AT
from tests.admin_pages import (
    change_url,
    form_data,
    group_message_sent_after_31_idle_minutes,
    sign_in_for_real,
    words,
)
from tests.factories import PASSWORD, MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)
DIGESTS = "0123456789abcdef fedcba9876543210"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def shown_back(response) -> list[tuple[str, str]]:
    """What the page shows back: each label with its text."""
    page = response.content.decode()
    return [
        (words(label), words(text))
        for label, text in re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    ]


def test_a_one_word_note_on_the_meeting_log_is_shown_back(client, cast, clock):
    """Maya's note after a short meeting is one word: it is what she typed, so it is shown."""
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=START - timedelta(hours=1))
    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=12))

    response = client.post(
        reverse("meeting_log", args=[meeting.pk]),
        {"held": "yes", "actual_minutes": "20", "note": "Postponed.", "action-0-text": "Rota"},
    )

    assert response.status_code == 403
    assert shown_back(response) == [
        ("Your private notes", "Postponed."),
        ("New action step 1: What will be done", "Rota"),
    ]


def test_the_delete_account_pages_hidden_marks_are_not_shown_back(client, cast, clock):
    """The page sends, hidden, a mark of whom it said deleting the account emails: not typed,
    so not shown; nor is the password."""
    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=12))

    response = client.post(
        reverse("account_delete"), {"emailed_seen": DIGESTS, "password": PASSWORD}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Nothing was saved" in words(page)
    assert shown_back(response) == []
    for hidden in (*DIGESTS.split(), PASSWORD, "Emailed seen"):
        assert hidden not in page


def test_a_persons_page_shows_back_the_title_typed_not_what_it_had_as_it_opened(
    client, cast, clock
):
    """Carmen corrects Maya's title to one word, away 31 minutes: "Head" is shown back under
    the page's label; what each box held as the page opened, sent hidden beside it, is not."""
    sign_in_for_real(client, cast, "coordinator")
    url = change_url(cast.mentor)
    data = form_data(client.get(url))
    clock.shift(timedelta(minutes=31))

    response = client.post(url, {**data, "job_title": "Head"})

    assert response.status_code == 403
    shown = shown_back(response)
    assert ("Job title", "Head") in shown
    assert ("Full name", "Maya Mentor") in shown
    assert [label for label, _ in shown if "initial" in label.lower()] == []
    assert "Technician" not in response.content.decode()


def test_a_group_message_is_shown_back_under_the_pages_label_message(client, cast, clock):
    response = group_message_sent_after_31_idle_minutes(client, cast, clock, "Monday.")

    assert response.status_code == 403
    assert shown_back(response) == [("Subject", "Mid-point evaluation"), ("Message", "Monday.")]


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_a_form_sent_to_any_office_page_after_the_session_ended_is_answered(client, cast, model):
    """Every page of the office reads what was sent with its own forms, and answers."""
    client.force_login(cast.coordinator)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 13 * 60 * 60
    session.save()
    meta = model._meta

    response = client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_add"), {"name": "Two words"}
    )

    assert response.status_code == 403
    assert "Nothing was saved" in words(response.content.decode())
