"""Dropping a proposal, never booked, tells the partner it is dropped; only a booked meeting
called off is "off"."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_dropping_a_proposal_whose_time_passed_does_not_email_that_the_meeting_is_off(
    cast, maya, past_proposal, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        maya.post(
            reverse("meeting_cancel", args=[past_proposal.pk]),
            {"reason": "We never met", "sequence": past_proposal.sequence},
        )

    [email] = mailoutbox
    # It never was booked, and its time had already gone: nobody "can no longer make" it.
    assert "can no longer make the meeting" not in email.body
    assert "is off" not in email.subject
    day = timezone.localtime(past_proposal.starts_at)
    assert email.subject == f"Maya Mentor dropped the time proposed for {day:%-d %B}"
    assert "Maya Mentor has dropped the time proposed for" in email.body
    assert "It was never booked." in email.alternatives[0][0]
