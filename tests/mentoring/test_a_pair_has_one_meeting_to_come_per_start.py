"""A pair has one meeting still to come at a given start, and the database holds it beneath the
services' check (tests/mentoring/test_moving_a_meeting_onto_another_of_the_pairs_is_refused.py):
a second proposed or booked meeting at that start is refused, a cancelled one frees the start.
Pairs that had two before the rule keep the first booked one; the other is set aside, and its
page says why."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, MeetingStatus
from tests.factories import MeetingFactory
from tests.migrations import migrate_to, migrate_to_latest, saved_as_then

BEFORE = [("mentoring", "0031_events_can_be_called_off")]


def meeting_then(match, at, status):
    """A meeting of `match` at `at`, as the table was at BEFORE: a column added since is
    not there yet."""
    return saved_as_then(BEFORE, MeetingFactory.build(match=match, starts_at=at, status=status))


def next_week():
    return (timezone.now() + timedelta(days=7)).replace(microsecond=0)


@pytest.mark.django_db
@pytest.mark.parametrize("second", ["proposed", "confirmed"])
def test_a_second_meeting_to_come_at_the_same_start_is_refused(cast, second):
    at = next_week()
    MeetingFactory(match=cast.pair, starts_at=at, status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(match=cast.pair, starts_at=at, status=second)
    assert Meeting.objects.filter(match=cast.pair, starts_at=at).count() == 1


@pytest.mark.django_db
def test_a_cancelled_meeting_frees_its_start_and_another_pair_is_not_held_to_it(cast):
    at = next_week()
    MeetingFactory(
        match=cast.pair,
        starts_at=at,
        status="cancelled",
        cancelled_by=cast.mentor,
        cancelled_at=timezone.now(),
    )
    MeetingFactory(match=cast.pair, starts_at=at, status="confirmed")
    MeetingFactory(match=cast.other_pair, starts_at=at, status="confirmed")
    assert Meeting.objects.filter(starts_at=at, status="confirmed").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_pair_that_had_two_meetings_at_one_start_keeps_the_booked_one(cast, client):
    at = next_week()
    migrate_to(BEFORE)
    try:
        proposed = meeting_then(cast.pair, at, "proposed")
        booked = meeting_then(cast.pair, at, "confirmed")
        another = meeting_then(cast.pair, at, "proposed")
        apart = meeting_then(cast.other_pair, at, "proposed")
    finally:
        migrate_to_latest()

    states = dict(Meeting.objects.values_list("pk", "status"))
    assert states[booked.pk] == MeetingStatus.CONFIRMED
    assert states[proposed.pk] == states[another.pk] == MeetingStatus.DROPPED
    assert states[apart.pk] == MeetingStatus.PROPOSED
    set_aside = Meeting.objects.get(pk=proposed.pk)
    assert set_aside.sequence == proposed.sequence + 1  # calendars see it cancelled
    assert set_aside.cancelled_by is None

    client.force_login(cast.board_member)
    page = client.get(reverse("meeting_detail", args=[proposed.pk])).content.decode()
    assert "Set aside on" in page
    assert "your pair had two meetings at this time, and the other one stands." in page
    assert "when the pairing ended" not in page
