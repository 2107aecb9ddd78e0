"""Nia joins a survey's programme after its "closing soon" reminder went to the four it asked
then. A save bringing that reminder on again (its last day moved later, then back near)
emails only those who have neither answered nor had it: Nia, unless she has answered. Whether
the office is asked first, "Save and remind now", is the same either way, with the same words
(`closing_reminder_not_had` counts those who answered too): asking only when she had not
answered told the office whether she had, in a survey that shows no one's answer."""

import pytest
import time_machine

from tests.admin_pages import change_url, confirmed, recipients_named, words
from tests.closing_reminders import (
    THIRD_PAIR,
    at,
    closing_reminders_sent_at,
    moved_later_then_back_near,
    open_until_saturday,
)
from tests.factories import MentorFactory, UserFactory
from tests.surveys import THE_CAST, answer

pytestmark = pytest.mark.django_db

NIA = "Nia New (nia@example.org): mentor"


@pytest.mark.parametrize("nia_answered", [False, True], ids=["unanswered", "answered"])
def test_the_save_asks_alike_whether_or_not_the_one_added_since_answered(
    client, cast, third_pair, django_capture_on_commit_callbacks, mailoutbox, nia_answered
):
    # Asking the cast's four and the third pair, minimum 3: each group's rate is shown, and
    # only those who have not answered are reminded.
    survey = open_until_saturday(cast, min_group_size=3)
    assert closing_reminders_sent_at(at(10, 9), django_capture_on_commit_callbacks) == 6
    with time_machine.travel(at(10, 9, 30), tick=False):
        nia = UserFactory(full_name="Nia New", email="nia@example.org")
        MentorFactory(programme=cast.programme, applicant=nia, briefed=False)
        if nia_answered:
            answer(survey, nia)

    page = moved_later_then_back_near(client, cast, survey)

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "Save and remind now" in shown
    assert (
        "those of the 7 people it asks who have not answered it, nor had it already, are "
        "emailed" in shown
    )
    assert recipients_named(page) == sorted([*THE_CAST, *THIRD_PAIR, NIA])
    with time_machine.travel(at(10, 10), tick=False):
        assert client.post(change_url(survey), confirmed(page)).status_code == 302
    # What the save brings on is the reminders' to say: Nia is reminded unless she answered.
    sent = closing_reminders_sent_at(at(10, 10, 5), django_capture_on_commit_callbacks)
    assert sent == (0 if nia_answered else 1)
