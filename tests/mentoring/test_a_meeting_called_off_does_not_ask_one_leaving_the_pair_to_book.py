"""A member whose request to end the pairing is with the office is not asked, by the email
saying a meeting is off, to book another."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PairRequest
from tests.factories import (
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def test_someone_who_asked_to_end_is_not_asked_by_email_to_book_another_time(
    client, cast, django_capture_on_commit_callbacks
):
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=5))
    PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.board_member)
    client.force_login(cast.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meeting_cancel", args=[booked.pk]),
            {"reason": "Clash", "sequence": booked.sequence},
        )
    assert response.status_code == 302
    (email,) = [m for m in mail.outbox if cast.board_member.email in m.to]
    # Bola's request to end is with the office: nothing asks her to book meetings meanwhile.
    assert "Book another time" not in email.body
