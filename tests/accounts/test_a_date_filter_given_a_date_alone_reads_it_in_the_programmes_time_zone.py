"""A list's date filter on a date and time given a date alone (`?submitted_at__gte=2026-07-15`,
typed or bookmarked; Django's own links give a moment with its zone) reads it as that day's
midnight in the programme's time zone, without Django's warning that a DateTimeField
"received a naive datetime while time zone support is active", on every page asked so
(`accounts.admin_base.in_the_programmes_zone`)."""

import warnings
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from tests.admin_pages import APPLICATIONS, rows, signed_in_for_real
from tests.factories import EventFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

LONDON = ZoneInfo(settings.TIME_ZONE)


def listed_without_warning(client, url: str):
    """The list at `url`, asked with every warning made an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_applications_sent_from_a_day_on_are_those_sent_from_its_local_midnight(office, cast):
    MentorApplicationFactory(
        programme=cast.programme,
        applicant__full_name="Lola Late",
        submitted_at=datetime(2026, 7, 14, 23, 30, tzinfo=LONDON),
    )
    MentorApplicationFactory(
        programme=cast.programme,
        applicant__full_name="Eddie Early",
        submitted_at=datetime(2026, 7, 15, 0, 30, tzinfo=LONDON),  # 23:30 on the 14th in UTC
    )

    response = listed_without_warning(
        office, APPLICATIONS + "?submitted_at__gte=2026-07-15&submitted_at__lt=2026-07-16"
    )

    names = " ".join(" ".join(row.values()) for row in rows(response))
    assert "Eddie Early" in names
    assert "Lola Late" not in names


@pytest.mark.parametrize("value", ["2026-07-15", "2026-07-15 00:00", "2026-07-15T00:00:00"])
def test_events_from_a_day_without_a_zone_are_listed_without_a_warning(office, cast, value):
    EventFactory(
        programme=cast.programme,
        title="Summer briefing",
        starts_at=datetime(2026, 7, 15, 0, 30, tzinfo=LONDON),
    )

    response = listed_without_warning(
        office, reverse("admin:mentoring_event_changelist") + f"?starts_at__gte={value}"
    )

    assert "Summer briefing" in response.content.decode()
