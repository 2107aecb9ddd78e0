"""The pair's pages cost the same number of queries after 2 meetings as after 50."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionReview, MeetingNote
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def add_meetings(match, count, start=0):
    """`count` held meetings, each with both members' notes, an action step and a review of
    the one before; and a booked meeting to come for every fourth, a cancelled one for the
    next."""
    mentor, member = match.mentor.applicant, match.board_member.user
    previous = None
    for n in range(start, start + count):
        meeting = HeldMeetingFactory(
            match=match, starts_at=timezone.now() - timedelta(days=400 - 7 * n)
        )
        MeetingNote.objects.create(meeting=meeting, author=mentor, text=f"Notes {n}")
        MeetingNote.objects.create(meeting=meeting, author=member, text=f"Notes {n}")
        step = ActionStepFactory(meeting=meeting, text=f"Step {n}")
        if previous is not None:
            ActionReview.objects.create(
                action=previous, meeting=meeting, status="in_progress", reviewed_by=member
            )
        previous = step
        if n % 4 == 0:
            MeetingFactory(match=match, starts_at=timezone.now() + timedelta(days=30 + n))
        if n % 4 == 1:
            MeetingFactory(
                match=match,
                starts_at=timezone.now() + timedelta(days=30 + n),
                status="cancelled",
                cancelled_by=member,
                cancelled_at=timezone.now(),
            )


@pytest.fixture
def pair(cast):
    agree_ground_rules(cast.pair)
    return cast.pair


PAGES = ["match", "meetings", "dashboard", "meeting_detail"]


def url_of(page, pair):
    if page == "meeting_detail":
        # The latest held meeting: it has notes, an action step and a review.
        latest = pair.meetings.filter(status="held").order_by("-starts_at").first()
        return reverse("meeting_detail", args=[latest.pk])
    return reverse(page)


@pytest.mark.parametrize("role", ["mentor", "board_member"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_costs_the_same_with_2_meetings_as_with_50(client, cast, pair, page, role):
    client.force_login(getattr(cast, role))
    add_meetings(pair, 2)
    client.get(url_of(page, pair))  # the first visit to /meetings/ makes the calendar address
    few = queries_for(client, url_of(page, pair))

    add_meetings(pair, 48, start=2)
    assert pair.meetings.filter(status="held").count() == 50
    assert pair.action_steps.count() == 50
    many = queries_for(client, url_of(page, pair))

    assert many == few


def test_the_pages_show_the_many_meetings_they_load(client, cast, pair):
    add_meetings(pair, 50)
    client.force_login(cast.mentor)

    schedule = client.get(reverse("meetings")).content.decode()
    detail = client.get(url_of("meeting_detail", pair)).content.decode()

    assert schedule.count(reverse("meeting_detail", args=[pair.meetings.first().pk])) >= 1
    assert "Notes 49" in detail
    assert "Step 49" in detail
