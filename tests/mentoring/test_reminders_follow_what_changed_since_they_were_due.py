"""Reminders say what is so when they go: a pair one of whose members has just proposed a
time is not told to propose one (the office, which is alerted about meetings agreed, still
is); a line manager's reminder never carries the link to an address the office has since
corrected, even when it is sent again later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import LineManagerRequest, MeetingStatus
from mentoring.services.line_managers import line_manager_request_resend
from tests.factories import MeetingFactory, line_manager_asked

pytestmark = pytest.mark.django_db


def test_a_pair_with_a_first_meeting_proposed_is_not_told_to_propose_one(
    cast, dispatch, mailoutbox, first_meeting_proposed
):

    written = dispatch()

    assert written["first_contact"] == 0
    assert written["first_contact_office"] == 2  # nothing agreed yet: each coordinator hears
    assert not [mail for mail in mailoutbox if mail.subject.startswith("Book your first")]


def test_a_nudge_written_before_a_time_was_proposed_is_called_off(
    cast, dispatch, django_capture_on_commit_callbacks
):
    cast.pair.activated_at = timezone.now() - timedelta(days=8)
    cast.pair.save(update_fields=["activated_at"])
    dispatch(send=False)  # written, waiting in the outbox
    MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.mentor,
        starts_at=timezone.now() + timedelta(days=12),
    )

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()  # the outbox sends what waits

    nudges = OutboxMessage.objects.filter(kind__contains="first_contact").exclude(
        kind__contains="office"
    )
    assert {(m.status, m.cancelled_reason) for m in nudges} == {
        (OutboxStatus.CANCELLED, "A meeting has been proposed since.")
    }


def test_a_line_managers_reminder_to_an_address_since_corrected_is_called_off(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    asked = line_manager_asked(
        cast.programme,
        cast.outsider,
        "wrong.manager@example.org",
        sent_at=timezone.now() - timedelta(days=8),
        token="the-first-link",
    )
    dispatch(send=False)  # the reminder waits (a mail server that said "try later")
    with django_capture_on_commit_callbacks(execute=True):
        line_manager_request_resend(
            request=asked, by=cast.coordinator, email="right.manager@example.org"
        )
    link = LineManagerRequest.objects.get(pk=asked.pk).token
    [to_the_manager] = [m.body for m in mailoutbox if m.to == ["right.manager@example.org"]]
    assert f"/apply/line-manager/{link}/" in to_the_manager
    mailoutbox.clear()

    reminder = OutboxMessage.objects.get(to="wrong.manager@example.org", kind__contains="line")
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()  # the outbox tries it again

    reminder.refresh_from_db()
    assert reminder.status == OutboxStatus.CANCELLED
    assert reminder.cancelled_reason == "The line manager's address has changed since."
    assert not [m for m in mailoutbox if "wrong.manager@example.org" in m.to]
    assert not [m for m in mailoutbox if link in m.body]
