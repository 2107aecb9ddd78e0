"""The subscribed calendar feed costs the same queries with 2 meetings as with 30."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    HeldMeetingFactory,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def test_the_calendar_feed_costs_the_same_with_2_meetings_as_with_30(client, cast):
    from mentoring.services.pairs import calendar_feed_for

    feed = calendar_feed_for(cast.mentor)
    url = reverse("calendar_feed") + f"?token={feed.token}"
    for n in range(2):
        HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=10 + n))
    few = queries_for(client, url)
    for n in range(28):
        HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=50 + n))
    many = queries_for(client, url)
    assert many == few
