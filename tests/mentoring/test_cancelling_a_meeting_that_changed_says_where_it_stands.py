"""The cancel page sent again (a double click) or after the meeting changed says where the
meeting stands: cancelled already by the person, or started and to log; never that it is no
longer to happen when it is."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_pressing_cancel_twice_cancels_once_and_never_says_it_cannot_be_cancelled(
    cast, maya, mailoutbox, django_capture_on_commit_callbacks
):
    booked = MeetingFactory(match=cast.pair, status="confirmed")
    url = reverse("meeting_cancel", args=[booked.pk])
    typed = {"reason": "A clash with a viva", "sequence": booked.sequence}

    with django_capture_on_commit_callbacks(execute=True):
        maya.post(url, typed)
        second = maya.post(url, typed, follow=True)

    assert Meeting.objects.get(pk=booked.pk).status == "cancelled"
    assert [mail.to for mail in mailoutbox] == [["bola@example.org"]]
    said = _messages(second)
    assert "This meeting is no longer to happen, so it cannot be cancelled." not in said


def test_cancelling_a_booked_meeting_whose_time_came_meanwhile_says_to_log_it(cast, maya):
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(minutes=30))
    url = reverse("meeting_cancel", args=[booked.pk])
    maya.get(url)

    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        response = maya.post(url, {"reason": "Ill today", "sequence": booked.sequence})
        said = " ".join(_messages(response))

    # It is not "no longer to happen": its time has come and it is there to log.
    assert "no longer to happen" not in said
    assert "Log" in said
