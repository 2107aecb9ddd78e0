"""The events page says when each event ends: its time alone when it ends the day it starts,
and the day with it when it runs on into another (an evening and the next morning, or two
days), as the emails say it (`Event.when`), rather than an end that reads as before the
start."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, EventKind
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def evening(days_ahead: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_an_event_running_into_the_next_day_names_the_day_it_ends(maya, cast):
    starts = evening(20, 18)
    EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Residential",
        starts_at=starts,
        ends_at=starts + timedelta(hours=16),
    )

    page = maya.get(reverse("events")).content.decode()

    ends = starts + timedelta(hours=16)
    assert f"</strong> to {ends:%A} {ends.day} {ends:%B %Y}, 10:00" in page


def test_an_event_ending_the_day_it_starts_gives_its_end_time_alone(maya, cast):
    starts = evening(20, 14)
    EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Afternoon",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )

    page = maya.get(reverse("events")).content.decode()

    assert "</strong> to 17:00" in page
