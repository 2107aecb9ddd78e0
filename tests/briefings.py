"""The cast's briefings, for tests that count upcoming events.

The cast's pairs attended their briefings (tests/cast.py), but the factories date those
briefings two weeks ahead. A test that lists or counts upcoming events moves them into the
past, where a briefing someone attended belongs."""

from datetime import timedelta

from django.utils import timezone

from mentoring.models import Event


def cast_briefings_held(cast) -> None:
    """The cast's briefings took place two months ago (from now, as the test's clock says)."""
    held = timezone.now() - timedelta(days=60)
    Event.objects.filter(programme=cast.programme).update(
        starts_at=held, ends_at=held + timedelta(hours=3, minutes=30)
    )
