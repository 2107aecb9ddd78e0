"""A pair's admin page tells the office whether what the pair wrote is still held ("What they
wrote"). Past the programme's retention period, until the daily run deletes them, it said
"Kept until" a day already gone by. It now says they are due for deletion on the next run,
by the rule that run deletes by (`Match.notes_deletion_due`, `notes_due_for_deletion`)."""

import pytest
from django.utils import timezone

from mentoring.services.retention import notes_apply_retention
from tests.admin_pages import change_url, signed_in_for_real, words_at
from tests.retention import DAY, pair_that_wrote

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
DUE = "Due for deletion on the next retention run (hourly)"


def what_they_wrote(office, pair) -> str:
    """The "What they wrote" line of the pair's admin page, as the coordinator reads it."""
    page = words_at(office, change_url(pair))
    return page.split("What they wrote:", 1)[1].split(".", 1)[0].strip()


def test_notes_past_their_period_are_said_due_on_the_next_run(office):
    pair = pair_that_wrote(ended_days_ago=366)
    ran_out = timezone.localtime(pair.ended_at + 365 * DAY)

    assert what_they_wrote(office, pair) == (
        f"{DUE}: the 365 days the programme keeps them after a pair ends ran out on "
        f"{ran_out:%-d %B %Y}"
    )


def test_notes_within_their_period_are_said_kept_until_their_day(office):
    pair = pair_that_wrote(ended_days_ago=364)
    until = timezone.localtime(pair.ended_at + 365 * DAY)

    assert (
        what_they_wrote(office, pair)
        == f"Kept until {until:%-d %B %Y}, then deleted by the programme's notes retention"
    )


def test_the_page_says_due_for_exactly_the_pairs_the_run_deletes(office):
    pairs = {days: pair_that_wrote(ended_days_ago=days) for days in (364, 365, 366, 400)}

    due = {pair.pk for pair in notes_apply_retention(dry_run=True).due}

    said_due = {pair.pk for pair in pairs.values() if DUE in what_they_wrote(office, pair)}
    assert said_due == due == {pairs[365].pk, pairs[366].pk, pairs[400].pk}


def test_notes_deleted_are_said_deleted(office):
    pair = pair_that_wrote(ended_days_ago=366)
    notes_apply_retention()

    line = what_they_wrote(office, pair)

    assert line == f"Deleted on {timezone.localdate():%-d %B %Y} by the programme's notes retention"
