"""A booked meeting whose time has passed counts as met until it is logged, as it does for
the reminders (nobody is told they have not met): the day after it, before either has
logged it, the pair's pages do not say their meeting is overdue, and the next one is due
counting from it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from mentoring.cadence import PairState
from mentoring.selectors.pairs import pair_view
from tests.admin_pages import rows
from tests.cast import sign_in_as
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def met_yesterday(cast):
    """The cast's pair, paired ten weeks ago (their first window has closed), who agreed
    their ground rules and met yesterday at the time they booked, not logged yet."""
    cast.pair.activated_at = timezone.now() - timedelta(weeks=10)
    cast.pair.save(update_fields=["activated_at"])
    agree_ground_rules(cast.pair, cast.mentor, cast.board_member)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=1))


def test_the_next_meeting_is_due_counting_from_the_meeting_not_logged_yet(cast, met_yesterday):
    pair = pair_view(cast.pair, cast.mentor)

    assert pair.state == PairState.ON_TRACK
    assert pair.window.opens == timezone.localdate(met_yesterday.starts_at) + timedelta(weeks=6)


@pytest.mark.parametrize("page", ["dashboard", "match", "meetings"])
def test_no_page_calls_the_pair_overdue_the_day_after_they_met(cast, maya, met_yesterday, page):
    shown = maya.get(reverse(page)).content.decode()

    assert "Overdue" not in shown
    # What they are asked instead: to log it.
    assert reverse("meeting_log", args=[met_yesterday.pk]) in shown


def test_proposing_the_next_meeting_states_the_window_after_the_one_not_logged(
    cast, maya, met_yesterday
):
    shown = maya.get(reverse("meeting_new", args=[cast.pair.pk])).content.decode()

    opens = timezone.localdate(met_yesterday.starts_at) + timedelta(weeks=6)
    assert f"Your next meeting is due between {opens.day} {opens:%B}" in shown
    assert "Your first meeting is due" not in shown


def test_a_meeting_logged_as_not_held_does_not_count(cast, met_yesterday):
    met_yesterday.status = "not_held"
    met_yesterday.logged_at = timezone.now()
    met_yesterday.save(update_fields=["status", "logged_at"])

    assert pair_view(cast.pair, cast.mentor).state == PairState.OVERDUE


def test_programme_health_counts_it_as_met_too(cast, met_yesterday, client):
    """The office's page follows the same rule: met yesterday, on track, not overdue."""
    sign_in_as(client, cast, "coordinator")

    listed = rows(client.get(reverse("admin:mentoring_pairhealth_changelist")))
    [row] = [row for row in listed if row["pair"] == "Maya Mentor and Bola Board"]

    assert row["state"] == PairState.ON_TRACK.label
    assert row["last_met_on"] == formats.localize(timezone.localdate(met_yesterday.starts_at))
    assert row["held"] == "0"  # logged as held: none yet
