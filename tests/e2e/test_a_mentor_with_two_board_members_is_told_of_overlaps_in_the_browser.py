"""A mentor with two board members, in Chromium: "Plan the year" leaves unticked the dates
that overlap their other pair's meetings, and "Accept" (on the meeting's page and on the
pair page) says what a time overlaps, to screen readers too; axe at 1280 px and 320 px."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.services.meetings import meetings_plan
from tests.e2e.conftest import (
    check_both_widths,
    sign_in,
    skip_to_main,
    tab_to,
)
from tests.factories import (
    PASSWORD,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_the_year_leaves_overlapping_dates_unticked_and_labelled(page, cast, second_pair):
    from mentoring.selectors.pairs import pair_view, planned_times

    times = planned_times(pair_view(cast.pair, cast.mentor), timezone.localdate())
    meetings_plan(match=cast.pair, by=cast.mentor, times=times)

    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto("/match/")
    plan_links = page.get_by_role("link", name=re.compile("Plan the year"))
    # Two pairs: each link names its board member, or they cannot be told apart.
    names = [plan_links.nth(i).evaluate("e => e.innerText") for i in range(plan_links.count())]
    page.goto(reverse("pair_plan", args=[second_pair.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan the year")
    expect(page.get_by_text("is left unticked")).to_be_visible()
    overlapping = page.get_by_role("checkbox", name=re.compile(r"overlaps your meeting with Bola"))
    assert overlapping.count() >= 1
    for i in range(overlapping.count()):
        expect(overlapping.nth(i)).not_to_be_checked()
    check_both_widths(page)

    # Keyboard: tick the first overlapping date with Space, and send.
    skip_to_main(page)
    for _ in range(60):
        page.keyboard.press("Tab")
        if overlapping.first.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("the overlapping date is never reached with Tab")
    page.keyboard.press("Space")
    expect(overlapping.first).to_be_checked()
    tab_to(page, r"^Propose these dates to Nia")
    page.keyboard.press("Enter")
    page.wait_for_url("**/match/**")
    assert len(set(names)) == len(names), f"two links read the same: {names}"


def test_a_proposal_overlapping_ones_other_meeting_is_warned_before_accept(page, cast, second_pair):
    start = timezone.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=10)
    MeetingFactory(match=cast.pair, starts_at=start)
    proposal = MeetingFactory(
        match=second_pair,
        starts_at=start,
        status="proposed",
        proposed_by=second_pair.board_member.user,
    )
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_detail", args=[proposal.pk]))
    warning = page.get_by_text(re.compile("This time overlaps your meeting with Bola Board"))
    expect(warning).to_be_visible()
    accept = page.get_by_role("button", name="Accept this time")
    # Above the button.
    assert warning.bounding_box()["y"] < accept.bounding_box()["y"]
    check_both_widths(page)
    # One who tabs to "Accept this time" hears what it overlaps, as they hear who is told.
    expect(accept).to_have_accessible_description(re.compile("overlaps your meeting with Bola"))


def test_the_pair_pages_accept_button_also_says_what_the_time_overlaps(page, cast, second_pair):
    """/match/ lists Nia's proposal under "Waiting for your answer" with its own "Accept"
    button: the overlap with Maya's booked meeting with Bola is said there too (or the
    button leads to the meeting page), not accepted blind."""
    start = timezone.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=10)
    MeetingFactory(match=cast.pair, starts_at=start)
    MeetingFactory(
        match=second_pair,
        starts_at=start,
        status="proposed",
        proposed_by=second_pair.board_member.user,
    )
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto("/match/")
    section = page.get_by_role("region", name=re.compile("Nia Newboard"))
    expect(section.get_by_role("button", name=re.compile("^Accept"))).to_be_visible()
    expect(section).to_contain_text("overlaps your meeting with Bola Board")
