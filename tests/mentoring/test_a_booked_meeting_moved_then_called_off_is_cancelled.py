"""A booked meeting moved to a new time not accepted yet, then called off, is a booking
cancelled (counted, and said so), not a proposal dropped."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import (
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def test_a_booked_meeting_moved_then_dropped_is_not_said_never_booked(
    client, cast, django_capture_on_commit_callbacks
):
    """Maya and Bola booked Tuesday; Maya suggests Thursday instead, then finds she cannot
    meet that week at all and calls it off. The meeting was booked: Bola is not told it
    never was, and it counts as Maya's cancellation, as calling off the booking would."""
    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    booked = MeetingFactory(match=cast.pair, starts_at=start)
    client.force_login(cast.mentor)
    from mentoring.services.meetings import When, meeting_cancel, meeting_reschedule

    moved = meeting_reschedule(
        meeting=booked, by=cast.mentor, when=When(start + timedelta(days=2), 60), reason="Clash"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=moved, by=cast.mentor, reason="Away all week")
    moved.refresh_from_db()
    (email,) = mail.outbox
    assert "It was never booked" not in email.body
    assert moved.status == "cancelled"
