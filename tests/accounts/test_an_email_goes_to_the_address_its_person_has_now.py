"""An email written to a person goes to the address they have when it is sent: the mail
server refused the old one, or it waits to be tried again for days, and meanwhile the office
corrected it, or they changed it themselves. An email written to an address on purpose
keeps it: an invitation, a line manager's request, allauth's notice to the address just
given up. A deleted account's email goes nowhere. Until it is tried at the new address,
the email says the one it was last tried at (held back, or called off, it was tried nowhere)."""

import smtplib
from datetime import datetime, time, timedelta

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, OutboxMessage, OutboxStatus, User
from accounts.outbox import outbox_send_again, outbox_sweep, send_one
from accounts.services import account_delete, invitation_create
from mentoring.models import Match
from mentoring.models.reminders import reminder_email_kind
from mentoring.reminders import reminders_dispatch
from mentoring.services.applications import send_line_manager_request
from mentoring.services.meetings import MEETING_UPDATE, meeting_cancel
from tests.admin_pages import (
    confirmed,
    rows,
    sign_in_for_real,
    the_office_corrects_the_address,
)
from tests.factories import PASSWORD, HeldMeetingFactory, MeetingFactory, line_manager_asked
from tests.mail_outage import at_its_next_attempt, swept_at_its_next_attempt
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

OLD, NEW = "bola@example.org", "bola.board@example.org"
OUTBOX = reverse("admin:accounts_outboxmessage_changelist")


@pytest.fixture
def refusing(monkeypatch) -> list[list[str]]:
    """The mail server refuses Bola's old address for good (550: no such mailbox) and
    delivers the rest (to the test's `mailoutbox`). Returns whom it was handed each time."""
    handed = []
    deliver = EmailBackend.send_messages

    def refuse_the_old_address(self, messages):
        handed.extend(message.to for message in messages)
        refused = {
            to: (550, b"5.1.1 No such mailbox") for m in messages for to in m.to if to == OLD
        }
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
        return deliver(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_the_old_address)
    return handed


def maya_cancels_their_meeting(cast, on_commit) -> OutboxMessage:
    """Maya cancels the pair's booked meeting: Bola is emailed (at bola@example.org)."""
    meeting = MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(days=9),
        confirmed_at=timezone.now() - timedelta(days=20),
    )
    with on_commit(execute=True):
        meeting_cancel(meeting=meeting, by=cast.mentor, reason="Away that week")
    return OutboxMessage.objects.get(kind=MEETING_UPDATE, recipient=cast.board_member)


def the_office_corrects_her_address(cast) -> None:
    """Sue, a superuser, changes Bola's address on her page in the office."""
    the_office_corrects_the_address(cast, cast.board_member, NEW)


def she_changes_her_address(client, cast, on_commit) -> None:
    """Bola adds her new address on /accounts/email/, follows the link sent to it, and makes
    it the one she signs in with."""
    client.post(reverse("account_login"), {"login": OLD, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with on_commit(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": NEW})
        added = EmailAddress.objects.get(user=cast.board_member, email=NEW)
        client.post(reverse("account_confirm_email", args=[EmailConfirmationHMAC(added).key]))
        client.post(reverse("account_email"), {"action_primary": "", "email": NEW})
    cast.board_member.refresh_from_db()
    assert cast.board_member.email == NEW


def test_sent_again_after_the_office_corrected_the_address_it_goes_to_the_new_one(
    cast, refusing, mailoutbox, django_capture_on_commit_callbacks
):
    cancelled = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    cancelled.refresh_from_db()
    assert cancelled.status == OutboxStatus.FAILED
    the_office_corrects_her_address(cast)
    mailoutbox.clear()

    carmen = Client()
    sign_in_for_real(carmen, cast, "coordinator")
    chosen = {"action": "send_again", "_selected_action": [cancelled.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        carmen.post(OUTBOX, {**chosen, **confirmed(carmen.post(OUTBOX, chosen))})

    assert refusing == [[OLD], [NEW]]
    [sent] = mailoutbox
    assert sent.to == [NEW]
    assert "Maya Mentor can no longer make the meeting" in sent.body
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.to) == (OutboxStatus.SENT, NEW)


def test_send_again_names_the_address_it_will_go_to_when_asked_and_in_the_audit_trail(
    cast, refusing, django_capture_on_commit_callbacks
):
    """The confirmation and the audit trail name where the email goes now, not the address
    the mail server refused; the refusal itself still says which address it refused."""
    cancelled = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    the_office_corrects_her_address(cast)
    carmen = Client()
    sign_in_for_real(carmen, cast, "coordinator")
    chosen = {"action": "send_again", "_selected_action": [cancelled.pk]}

    asked = carmen.post(OUTBOX, chosen).content.decode()

    assert f"to {NEW} (failed:" in asked
    assert f"to {OLD} (failed:" not in asked
    assert "No such mailbox" in asked
    with django_capture_on_commit_callbacks(execute=True):
        carmen.post(OUTBOX, {**chosen, **confirmed(carmen.post(OUTBOX, chosen))})
    recorded = AuditEvent.objects.get(action=AuditAction.EMAIL_SENT_AGAIN).object_name.text
    assert recorded == f"Meeting update to {NEW}"


def test_send_again_opened_and_not_confirmed_leaves_the_list_showing_the_refused_address(
    cast, refusing, django_capture_on_commit_callbacks
):
    """The confirmation names the address the email would go to now; going back from it,
    the outbox's list still shows the address the mail server refused, beside its refusal."""
    cancelled = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    the_office_corrects_her_address(cast)
    carmen = Client()
    sign_in_for_real(carmen, cast, "coordinator")

    asked = carmen.post(OUTBOX, {"action": "send_again", "_selected_action": [cancelled.pk]})

    assert f"to {NEW} (failed:" in asked.content.decode()
    [listed] = [row for row in rows(carmen.get(OUTBOX)) if row["email_kind"] == "Meeting update"]
    assert (listed["state"], listed["addressed_to"]) == ("Failed", OLD)
    assert "No such mailbox" in listed["last_error_shown"]


def test_a_message_waiting_to_be_tried_again_goes_to_the_address_she_changed_to(
    client, cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    waiting.refresh_from_db()
    assert (waiting.status, mail_outage.attempts) == (OutboxStatus.PENDING, [[OLD]])
    mail_outage.ongoing = False  # back, while the email waits for its next attempt
    she_changes_her_address(client, cast, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    swept_at_its_next_attempt(waiting, django_capture_on_commit_callbacks)

    [sent] = mailoutbox
    assert sent.to == [NEW]
    assert "Maya Mentor can no longer make the meeting" in sent.body
    waiting.refresh_from_db()
    assert (waiting.status, waiting.to) == (OutboxStatus.SENT, NEW)


def test_the_notice_that_her_address_changed_goes_to_the_one_she_gave_up(
    client, cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    """Sent to the old address so that whoever had it sees the change: it is not moved to
    the new one, even when it waits (the server away) until after the change."""
    she_changes_her_address(client, cast, django_capture_on_commit_callbacks)
    notice = OutboxMessage.objects.get(kind="account/email/email_changed")
    assert mail_outage.attempts[-1] == [OLD]  # tried while the server was away
    mail_outage.ongoing = False
    mailoutbox.clear()

    with at_its_next_attempt(notice):
        assert send_one(notice.pk) == OutboxStatus.SENT
    [sent] = mailoutbox  # and sent, once back, to the address given up
    assert sent.to == [OLD]
    notice.refresh_from_db()
    assert notice.to == OLD


def test_an_invitation_and_a_line_managers_request_keep_their_own_addresses(
    cast, refusing, mailoutbox, django_capture_on_commit_callbacks
):
    """Neither is written to an account (an invitation's address may be nobody's yet; a
    line manager is asked at the address the applicant gave), though each address was, or
    is, one someone signs in with."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email=OLD, invited_by=cast.coordinator)
        request = line_manager_asked(cast.programme, cast.outsider, OLD)
        send_line_manager_request(request.application, request.token)
    the_office_corrects_her_address(cast)
    failed = list(OutboxMessage.objects.filter(status=OutboxStatus.FAILED))
    assert [message.to for message in failed] == [OLD, OLD]
    refusing.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outbox_send_again(OutboxMessage.objects.filter(status=OutboxStatus.FAILED), by=None)

    assert refusing == [[OLD], [OLD]]
    assert mailoutbox == []
    assert {
        message.to for message in OutboxMessage.objects.filter(pk__in=[m.pk for m in failed])
    } == {OLD}


def test_a_deleted_accounts_email_sent_again_goes_to_nobody(
    cast, refusing, mailoutbox, django_capture_on_commit_callbacks
):
    cancelled = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    the_office_corrects_her_address(cast)
    account_delete(user=cast.board_member, by=cast.superuser)
    mailoutbox.clear()
    handed = len(refusing)

    with django_capture_on_commit_callbacks(execute=True):
        outbox_send_again(OutboxMessage.objects.filter(pk=cancelled.pk), by=cast.coordinator)

    assert len(refusing) == handed
    assert mailoutbox == []
    cancelled.refresh_from_db()
    assert cancelled.status == OutboxStatus.CANCELLED
    assert cancelled.to.endswith("@deleted.invalid")


def test_an_address_given_up_twice_sends_what_was_written_to_it_in_between_on(
    cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    """Bola's address goes A to B and back to A; an email written to A then waits (the
    server away) while she moves to C: it goes to C, by the later time A was given up."""
    bola = cast.board_member
    for address in (NEW, OLD):
        bola.email = address
        bola.save()
    waiting = maya_cancels_their_meeting(cast, django_capture_on_commit_callbacks)
    assert waiting.to == OLD
    bola.email = "bola.c@example.org"
    bola.save()
    mail_outage.ongoing = False
    mailoutbox.clear()

    waiting.refresh_from_db()
    swept_at_its_next_attempt(waiting, django_capture_on_commit_callbacks)

    [sent] = mailoutbox
    assert sent.to == ["bola.c@example.org"]


EVENING = datetime.combine(MONDAY.date(), time(20, 50), tzinfo=LONDON)
NIGHT = EVENING + timedelta(hours=5, minutes=10)
MORNING = NIGHT + timedelta(hours=6)


@pytest.fixture
def time_to_book_tried_at_the_old_address(
    time_machine, cast, mail_outage, django_capture_on_commit_callbacks
) -> OutboxMessage:
    """Bola's "time to book" reminder, written at 20:50 on a winter Monday and tried at
    bola@example.org while the mail server was away; she has moved to her new address
    since, and the server is back."""
    time_machine.move_to(EVENING, tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=EVENING - timedelta(days=120))
    HeldMeetingFactory(match=cast.pair, starts_at=EVENING - timedelta(weeks=6, days=3))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()
    waiting = OutboxMessage.objects.get(
        kind=reminder_email_kind("window_open"), recipient=cast.board_member
    )
    assert [OLD] in mail_outage.attempts
    time_machine.move_to(EVENING + timedelta(minutes=5), tick=False)
    cast.board_member.email = NEW
    cast.board_member.save()
    mail_outage.ongoing = False
    return waiting


def sent_by_the_sweep_at(moment, time_machine, on_commit) -> None:
    time_machine.move_to(moment, tick=False)
    with on_commit(execute=True):
        outbox_sweep()


@pytest.mark.parametrize(
    ("nudges_off", "status"),
    [
        pytest.param(False, OutboxStatus.PENDING, id="held-back-for-the-morning"),
        pytest.param(True, OutboxStatus.CANCELLED, id="called-off"),
    ],
)
def test_an_email_held_back_or_called_off_keeps_the_address_it_was_last_tried_at(
    cast,
    time_to_book_tried_at_the_old_address,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
    nudges_off,
    status,
):
    """At 02:00 the reminder is held for the morning (`NotYet`), or called off as Bola
    has switched nudges off meanwhile (`CallOff`): neither tried the new address, so the
    row still says it was tried at the old one, which its failure was about."""
    waiting = time_to_book_tried_at_the_old_address
    if nudges_off:
        User.objects.filter(pk=cast.board_member.pk).update(wants_nudges=False)

    sent_by_the_sweep_at(NIGHT, time_machine, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    waiting.refresh_from_db()
    assert (waiting.status, waiting.to) == (status, OLD)


def test_an_email_held_back_goes_in_the_morning_to_the_new_address_and_says_so(
    time_to_book_tried_at_the_old_address,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    waiting = time_to_book_tried_at_the_old_address
    sent_by_the_sweep_at(NIGHT, time_machine, django_capture_on_commit_callbacks)

    sent_by_the_sweep_at(MORNING, time_machine, django_capture_on_commit_callbacks)

    assert [NEW] in [mail.to for mail in mailoutbox]
    assert [OLD] not in [mail.to for mail in mailoutbox]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.to) == (OutboxStatus.SENT, NEW)


def test_an_email_that_could_not_be_written_keeps_the_address_it_was_last_tried_at(
    time_to_book_tried_at_the_old_address,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """In the morning the reminder cannot be written (its composer is gone: an upgrade half
    done): nothing reached the mail server, so the row still says the old address, which its
    earlier failure was about, and it waits to be tried again."""
    waiting = time_to_book_tried_at_the_old_address
    OutboxMessage.objects.filter(pk=waiting.pk).update(composer="no-longer-registered")

    sent_by_the_sweep_at(MORNING, time_machine, django_capture_on_commit_callbacks)

    assert [NEW] not in [mail.to for mail in mailoutbox]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.to) == (OutboxStatus.PENDING, OLD)
    assert "no-longer-registered" in waiting.last_error
