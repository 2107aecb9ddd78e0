"""Reminders say and do only what still holds when they go: the office is not told members
are nudged while a proposal holds their nudges back; a request sent again since a reminder
was written calls the reminder off; a setting changed while the programme runs sends nothing
again; a wait-listed application's line manager is reminded (accepting it needs them); an
event reminder held back to the event's own day says "today"."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.services.decisions import application_decide
from mentoring.services.line_managers import line_manager_request_resend
from tests.admin_pages import form_data
from tests.factories import line_manager_asked

pytestmark = pytest.mark.django_db


def reminders_written(cast, dispatch, address):
    """Olu's line manager asked at `address` 8 days ago, and the reminders to them both
    written, not yet sent (the mail server said "try later")."""
    asked = line_manager_asked(
        cast.programme, cast.outsider, address, sent_at=timezone.now() - timedelta(days=8)
    )
    dispatch(send=False)
    return asked


def test_the_office_is_not_told_a_pair_is_nudged_while_a_proposal_holds_their_nudges_back(
    cast, dispatch, mailoutbox, first_meeting_proposed
):
    """Paired 8 days ago; Maya has proposed a first time that Bola has not answered. The
    members are (rightly) not nudged, but the office's alert says each of them is."""

    dispatch()

    assert not [m for m in mailoutbox if m.to in ([cast.mentor.email], [cast.board_member.email])]
    to_office = [m for m in mailoutbox if m.subject.startswith("No first meeting yet: Maya")]
    assert to_office
    said = "One of them has proposed a time the other has not answered yet, so neither is nudged"
    for mail in to_office:
        assert "Each of them is sent a nudge too" not in mail.body, mail.body
        assert said in " ".join(mail.body.split())
        assert said in " ".join(mail.alternatives[0][0].split())


def test_a_line_manager_reminder_written_before_the_request_was_sent_again_goes_to_nobody(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Both reminders wait (the mail server said "try later"); the office meanwhile sends the
    request to the corrected address. The manager's reminder is called off (old address), yet
    the applicant is told "[we] have sent them a reminder today" of the new address, which
    was only just asked for the first time."""
    asked = reminders_written(cast, dispatch, "wrong.manager@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        line_manager_request_resend(
            request=asked, by=cast.coordinator, email="right.manager@example.org"
        )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    to_manager = OutboxMessage.objects.get(to="wrong.manager@example.org", kind__contains="line")
    assert to_manager.status == OutboxStatus.CANCELLED
    to_applicant = OutboxMessage.objects.get(to=cast.outsider.email, kind__contains="line")
    assert to_applicant.status == OutboxStatus.CANCELLED
    assert to_applicant.cancelled_reason == (
        "The request was sent again since this reminder was written."
    )
    assert not [m for m in mailoutbox if "reminder today" in m.body]


def test_changing_when_a_line_manager_is_reminded_does_not_remind_them_again(
    line_manager_waiting, cast, dispatch, office, mailoutbox
):
    """The office moves "remind a silent line manager after" from 7 days to 6 while the
    programme runs: the manager and the applicant, reminded already, get it all again."""
    assert cast.programme.line_manager_reminder_days == 7
    assert dispatch()["line_manager_waiting"] == 2

    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    data = form_data(office.get(url))
    saved = office.post(url, {**data, "line_manager_reminder_days": "6"})
    assert saved.status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.line_manager_reminder_days == 6
    mailoutbox.clear()

    assert dispatch()["line_manager_waiting"] == 0
    assert [m.to for m in mailoutbox] == []


def test_a_wait_listed_applications_silent_line_manager_is_reminded(
    line_manager_waiting, cast, dispatch, mailoutbox
):
    """Wait-listed, the application may still be accepted and accepting needs the line
    manager's agreement (`LINE_MANAGER_STILL_ASKED`; their first email still goes), yet the
    line manager is never reminded."""
    asked = line_manager_waiting
    application_decide(
        application=asked.application, status=ApplicationStatus.WAITLISTED, by=cast.coordinator
    )
    assert MentorApplication.objects.get(pk=asked.application_id).status == "waitlisted"
    asked.refresh_from_db()
    assert asked.is_open

    written = dispatch()

    assert written["line_manager_waiting"] == 2
    assert [m for m in mailoutbox if m.to == ["boss@example.org"]]


def test_an_event_reminder_held_back_to_the_events_own_day_says_today(
    cast, clock, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Written at 10:30 the day before a briefing at 14:00; the mail server is away until
    08:30 on the day itself: it then says "Tomorrow: …, 14:00" on the very day."""
    from datetime import datetime, time

    from tests.factories import EventFactory, RegistrationFactory
    from tests.winter import LONDON, MONDAY

    tuesday = MONDAY.date() + timedelta(days=1)
    event = EventFactory(
        programme=cast.programme,
        starts_at=datetime.combine(tuesday, time(14), tzinfo=LONDON),
        title="Board briefing",
    )
    RegistrationFactory(event=event, person=cast.board_member, placed_at=MONDAY - timedelta(days=7))
    assert dispatch(send=False)["event_tomorrow"] == 1

    clock.move_to(datetime.combine(tuesday, time(8, 30), tzinfo=LONDON), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    [mail] = [m for m in mailoutbox if "Board briefing" in m.subject]
    assert mail.subject.startswith("Today: Board briefing, 14:00"), mail.subject
    assert "registered for Board briefing today, Tuesday 12 January 2027" in mail.body
    assert "tomorrow" not in mail.body


def test_a_request_kept_at_an_address_in_quotation_marks_is_not_reminded(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Such an address (from before every form refused it) may reach Olu's own mailbox: no
    answer through its link counts, so no reminder is written, to the manager or to Olu."""
    reminders_written(cast, dispatch, '"olu"@example.org')

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert not OutboxMessage.objects.filter(kind__contains="line").exists()
    assert mailoutbox == []


def test_reminders_written_before_the_address_became_the_applicants_own_do_not_go(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Written while the mail server said "try later"; Olu then confirmed the manager's
    address on his own account: neither reminder goes, each saying why."""
    reminders_written(cast, dispatch, "lee.manager@example.org")
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org", verified=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    reminders = OutboxMessage.objects.filter(kind__contains="line_manager_waiting")
    assert {message.status for message in reminders} == {OutboxStatus.CANCELLED}
    assert {message.cancelled_reason for message in reminders} == {
        "No answer can be taken: the request went to an address that now belongs to the applicant."
    }
    assert [mail for mail in mailoutbox if "reminder" in mail.subject.lower()] == []
