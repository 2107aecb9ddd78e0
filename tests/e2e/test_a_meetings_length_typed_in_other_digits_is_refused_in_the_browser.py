"""A meeting's length typed in Arabic-Indic digits, in the browser. A number box
(`<input type="number">`) drops such digits as they are typed, so the server was sent
nothing ("Say how long the meeting lasted, in minutes."), or, on a log being corrected, the
number already in the box: the meeting was saved as lasting 60 minutes. Number boxes are
boxes of text that ask for the numeric keypad (`inputmode="numeric"`), so the server reads
what was typed and refuses it in its own words, and the box keeps it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.bounds import DIGITS_0_TO_9
from mentoring.models import Meeting
from tests.e2e.conftest import sign_in
from tests.e2e.error_summary import assert_good_error_page
from tests.factories import PASSWORD, MeetingFactory, agree_ground_rules
from tests.meetings import meeting_logged

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "٤٥"  # 45 in Arabic-Indic digits
LENGTH = "How long did it last (minutes)?"


@pytest.fixture
def met(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=3))


def log_with_length_typed(page, meeting: Meeting) -> None:
    """Maya opens the meeting's log, says it took place and types TYPED over the length
    (over what the box held, selected)."""
    page.goto(f"/meetings/{meeting.pk}/log/")
    page.get_by_label("Yes").check()
    box = page.get_by_label(LENGTH)
    box.select_text()
    box.press_sequentially(TYPED)
    page.get_by_role("button", name="Save the log").click()


def assert_refused_as_typed(page) -> None:
    state = assert_good_error_page(page)
    assert [item["text"] for item in state["items"]] == [DIGITS_0_TO_9]
    expect(page.get_by_label(LENGTH)).to_have_value(TYPED)
    expect(page.get_by_text("The meeting is logged.")).to_have_count(0)


def test_a_length_typed_in_arabic_indic_digits_is_refused_and_kept(page, cast, met):
    sign_in(page, cast.mentor.email, PASSWORD)

    log_with_length_typed(page, met)

    assert_refused_as_typed(page)
    met.refresh_from_db()
    assert (met.logged_at, met.actual_minutes) == (None, None)


def test_a_length_typed_over_in_arabic_indic_digits_does_not_save_the_old_one(page, cast, met):
    logged = meeting_logged(met, cast.mentor)  # held for 60 minutes
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(f"/meetings/{met.pk}/log/")
    expect(page.get_by_label(LENGTH)).to_have_value("60")

    log_with_length_typed(page, met)

    assert_refused_as_typed(page)
    met.refresh_from_db()
    assert (met.logged_at, met.actual_minutes) == (logged.logged_at, 60)
