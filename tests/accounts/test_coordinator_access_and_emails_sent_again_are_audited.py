"""Who gave someone the programme office's access, or took it away, and who sent a failed
email again (an invitation's link, a decision): the audit trail says who, what and when, as
it does for the office's other changes, and never an email's body."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, OutboxMessage, OutboxStatus, User
from accounts.outbox import outbox_send_again
from accounts.recipients import RECIPIENT_HIDDEN
from tests.admin_pages import (
    PEOPLE,
    TRAIL,
    change_url,
    confirmed,
    rows,
    signed_in_for_real,
    trail_of,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code
superuser = signed_in_for_real("superuser")  # Sue

OUTBOX = reverse("admin:accounts_outboxmessage_changelist")


def failed_email(**fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        **{
            "to": "provost@example.com",
            "status": OutboxStatus.FAILED,
            "kind": "accounts/email/invitation",
            "subject": "You are invited",
            "text": "Accept your invitation: https://example.org/accept/secret-token",
            "attempts": 8,
            "last_error": "SMTPServerDisconnected",
            **fields,
        }
    )


def send_again(client, *messages):
    chosen = {"action": "send_again", "_selected_action": [message.pk for message in messages]}
    page = client.post(OUTBOX, chosen)
    return client.post(OUTBOX, {**chosen, **confirmed(page)})


# --- coordinator access -----------------------------------------------------------------------


def test_making_someone_a_coordinator_is_recorded(superuser, cast):
    response = superuser.post(
        PEOPLE, {"action": "make_coordinator", "_selected_action": [cast.outsider.pk]}
    )

    assert response.status_code == 302
    assert User.objects.get(pk=cast.outsider.pk).is_coordinator
    [row] = rows(superuser.get(TRAIL))
    assert row["actor_label"] == "Sue Super <sue@example.org>"
    assert row["action"] == "Made a coordinator"
    assert row["changed_object"] == f"User #{cast.outsider.pk}: Olu Outsider"
    assert row["changes_in_words"] == "is staff: False → True"
    assert row["at"]


def test_taking_someone_out_of_the_coordinators_is_recorded(superuser, cast):
    response = superuser.post(
        PEOPLE, {"action": "remove_coordinator", "_selected_action": [cast.coordinator.pk]}
    )

    assert response.status_code == 302
    assert not User.objects.get(pk=cast.coordinator.pk).is_coordinator
    [event] = trail_of(cast.coordinator)
    assert event.action == AuditAction.COORDINATOR_REMOVED
    assert event.actor == cast.superuser
    assert event.changes == {"is_staff": {"old": True, "new": False}}
    [row] = rows(superuser.get(TRAIL))
    assert row["action"] == "No longer a coordinator"
    assert row["actor_label"] == "Sue Super <sue@example.org>"


def test_only_those_whose_access_changed_are_recorded(superuser, cast):
    """Carmen is a coordinator already, and Maya, in a pair, may not be one: neither
    changes, so neither has a row; Olu, made one alongside them, has his."""
    superuser.post(
        PEOPLE,
        {
            "action": "make_coordinator",
            "_selected_action": [cast.coordinator.pk, cast.mentor.pk, cast.outsider.pk],
        },
    )
    superuser.post(PEOPLE, {"action": "remove_coordinator", "_selected_action": [cast.mentor.pk]})

    assert [(e.action, e.object_id) for e in AuditEvent.objects.all()] == [
        (AuditAction.COORDINATOR_MADE, cast.outsider.pk)
    ]


def test_a_persons_page_links_to_their_trail(superuser, cast):
    superuser.post(PEOPLE, {"action": "make_coordinator", "_selected_action": [cast.outsider.pk]})

    page = superuser.get(change_url(cast.outsider)).content.decode()

    query = f"object_id__exact={cast.outsider.pk}"
    assert "Audit trail" in page
    assert query in page


# --- sending failed emails again ------------------------------------------------------------


def test_sending_a_failed_email_again_is_recorded(office, django_capture_on_commit_callbacks):
    failed = failed_email()

    with django_capture_on_commit_callbacks(execute=False):
        response = send_again(office, failed)

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.PENDING
    [event] = trail_of(failed)
    assert event.actor.email == "carmen@example.org"
    assert event.changes == {
        "status": {"old": "failed", "new": "pending"},
        "attempts": {"old": 8, "new": 0},
    }
    [row] = rows(office.get(TRAIL))
    assert row["actor_label"] == "Carmen Coordinator <carmen@example.org>"
    assert row["action"] == "Email sent again"
    assert row["changed_object"] == f"Email #{failed.pk}: Invitation to provost@example.com"
    said = office.get(TRAIL).content.decode()
    for body in ("Accept your invitation", "secret-token", "You are invited"):
        assert body not in said
        assert body not in str(event.changes)


def test_an_email_whose_recipient_the_lists_hide_is_recorded_without_the_address(
    office, monkeypatch, django_capture_on_commit_callbacks
):
    """A survey's reminders go to those who have not answered: the outbox lists them
    without the address, and so does the trail (nor is its row found by it)."""
    monkeypatch.setitem(RECIPIENT_HIDDEN, "survey/reminder", "(not shown: who has not answered)")
    failed = failed_email(kind="survey/reminder", to="maya@example.org")

    with django_capture_on_commit_callbacks(execute=False):
        send_again(office, failed)

    [row] = rows(office.get(TRAIL))
    assert row["changed_object"] == (
        f"Email #{failed.pk}: Reminder to (not shown: who has not answered)"
    )
    assert "maya@example.org" not in office.get(TRAIL).content.decode()
    assert rows(office.get(TRAIL, {"q": "maya@example.org"})) == []


def test_an_email_sent_again_twice_is_sent_and_recorded_once(
    cast, django_capture_on_commit_callbacks
):
    """Two colleagues press "Yes" on the same failed email: it goes once, one row."""
    failed = failed_email()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = outbox_send_again(OutboxMessage.objects.filter(pk=failed.pk), by=cast.coordinator)
        second = outbox_send_again(OutboxMessage.objects.filter(pk=failed.pk), by=cast.superuser)

    assert (first, second) == (1, 0)
    assert len(queued) == 1
    assert [event.actor for event in trail_of(failed)] == [cast.coordinator]


def test_an_emails_page_links_to_its_trail(office, django_capture_on_commit_callbacks):
    failed = failed_email()
    with django_capture_on_commit_callbacks(execute=False):
        send_again(office, failed)

    page = office.get(change_url(failed)).content.decode()

    assert "Audit trail" in page
    assert f"object_id__exact={failed.pk}" in page
