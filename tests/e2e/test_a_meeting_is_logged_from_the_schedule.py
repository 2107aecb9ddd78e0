"""A meeting whose time has come, in the browser: the dashboard and the schedule say it is to
log, the schedule leads to its log, and once logged nothing says it is still to log. Each page
is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MeetingStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_meeting_whose_time_came_is_logged_from_the_schedule(page, cast):
    agree_ground_rules(cast.pair)
    met = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=3))
    day = timezone.localtime(met.starts_at)

    sign_in(page, cast.mentor.email, PASSWORD)
    expect(page.get_by_text("1 meeting to log")).to_be_visible()
    page.goto("/meetings/")
    expect(page.get_by_role("heading", level=3, name="To log")).to_be_visible()
    expect(page.get_by_text("Not logged", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Log this meeting of {day:%-d %B}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Log the meeting of"))
    page.get_by_label("Yes").check()
    page.get_by_label("How long did it last (minutes)?").fill("50")
    page.get_by_role("button", name="Save the log").click()
    expect(page.get_by_text("The meeting is logged.")).to_be_visible()

    page.goto("/meetings/")
    expect(page.get_by_role("heading", name="To log")).to_have_count(0)
    expect(page.get_by_text("Not logged", exact=True)).to_have_count(0)
    assert_accessible(page)
    met.refresh_from_db()
    assert met.status == MeetingStatus.HELD
