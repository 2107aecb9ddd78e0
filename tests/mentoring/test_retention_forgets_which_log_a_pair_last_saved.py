"""Retention deletes what an ended pair wrote, and with it the fingerprint of the last meeting
log saved (`Meeting.log_fingerprint`, which tells a second press of Save from a new log):
nothing derived from the notes outlives them."""

import pytest

from mentoring.models import Meeting
from mentoring.services.retention import notes_apply_retention
from tests.retention import pair_that_wrote

pytestmark = pytest.mark.django_db


def test_the_fingerprint_of_the_last_log_goes_with_the_notes():
    pair = pair_that_wrote(ended_days_ago=400)
    Meeting.objects.filter(match=pair).update(log_fingerprint="f" * 64)

    notes_apply_retention()

    assert list(Meeting.objects.filter(match=pair).values_list("log_fingerprint", flat=True)) == [
        "",
        "",
        "",
    ]


def test_a_pair_still_within_the_period_keeps_it():
    pair = pair_that_wrote(ended_days_ago=30)
    Meeting.objects.filter(match=pair).update(log_fingerprint="f" * 64)

    notes_apply_retention()

    assert set(Meeting.objects.filter(match=pair).values_list("log_fingerprint", flat=True)) == {
        "f" * 64
    }
