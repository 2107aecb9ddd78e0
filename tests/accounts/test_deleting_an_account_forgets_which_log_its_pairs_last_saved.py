"""Deleting an account takes the person's notes, and with them the fingerprint of the last
meeting log saved in their pairs (`Meeting.log_fingerprint`, keyed on what the log said), as
retention does for every ended pair. Another pair's fingerprints stay."""

import pytest

from mentoring.models import Meeting
from tests.deleting import delete_own_account
from tests.factories import HeldMeetingFactory, MatchFactory

pytestmark = pytest.mark.django_db

SAVED = "f" * 64


def test_the_fingerprints_of_their_pairs_logs_go_and_others_stay(client, cast):
    theirs = HeldMeetingFactory(match=cast.pair)
    elsewhere = HeldMeetingFactory(match=MatchFactory(board_member__programme=cast.programme))
    Meeting.objects.filter(pk__in=[theirs.pk, elsewhere.pk]).update(log_fingerprint=SAVED)

    delete_own_account(client, cast.mentor)

    theirs.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (theirs.log_fingerprint, elsewhere.log_fingerprint) == ("", SAVED)
