"""The page that asks before a draft programme is made active says when what is due already
goes, true at the hour it is shown, in the words the survey pages use
(`mentoring.reminders.rules.reminders_go_in_words`): by day, within a few minutes; in the
evening, at 08:00 the next morning. Not "every few minutes, from 08:00" at any hour."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentoring.models import ProgrammeStatus
from tests.admin_pages import change_url, save_change_form, sign_in_for_real, words
from tests.factories import draft_with_an_open_survey

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def activation_page_at(moment: datetime, client, cast) -> str:
    """What the office reads on asking, at `moment`, to make a draft with an open survey
    active."""
    with time_machine.travel(moment, tick=False):
        draft = draft_with_an_open_survey()
        sign_in_for_real(client, cast, "coordinator")
        page = save_change_form(client, change_url(draft), status=ProgrammeStatus.ACTIVE)
    assert page.status_code == 200
    return words(page.content.decode())


def test_at_half_past_nine_in_the_evening_what_is_due_goes_at_eight_tomorrow(client, cast):
    said = activation_page_at(datetime(2027, 6, 9, 21, 30, tzinfo=LONDON), client, cast)

    assert (
        "Those due already go at 08:00 BST tomorrow (reminders like these wait for the "
        "morning), but for reminders of a meeting, and the office's alerts of two cancellations "
        "and of a line manager's silence, which go at the reminders' next run." in said
    )
    assert "every few minutes" not in said


def test_by_day_what_is_due_goes_within_a_few_minutes(client, cast):
    said = activation_page_at(datetime(2027, 6, 9, 11, 0, tzinfo=LONDON), client, cast)

    assert "Those due already go within a few minutes, when the reminders next run." in said
    assert "08:00" not in said
