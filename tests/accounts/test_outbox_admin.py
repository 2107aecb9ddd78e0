"""The email outbox and the reminder log in the programme office: what went to whom and how
it went, never what it said; a failed email is sent again only once the office confirms.

The office signs in for real here, with password and authenticator code."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.models import Reminder
from tests.admin_pages import STAFF, messages_shown, rows, sign_in_for_real, signed_in_for_real
from tests.admin_pages import confirmed as shown
from tests.cast import ROLES
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

OUTBOX = reverse("admin:accounts_outboxmessage_changelist")
REMINDERS = reverse("admin:mentoring_reminder_changelist")
# A single-use link in an email body: it must never reach the office's screens.
SECRET = "https://mentoring.example.org/accounts/invitation/Quokka-secret-token-7731/"


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def email(to="maya@example.org", status=OutboxStatus.SENT, **fields) -> OutboxMessage:
    """An outbox row in the given state, with what that state needs."""
    now = timezone.now()
    defaults = {
        "kind": "invitation",
        "subject": "You are invited to the reverse mentoring pilot",
        "text": f"Accept your invitation: {SECRET}",
        "html": f'<p><a href="{SECRET}">Accept your invitation</a></p>',
        "attempts": 1,
    }
    if status == OutboxStatus.SENT:
        defaults |= {"sent_at": now, "text": "", "html": ""}
    elif status == OutboxStatus.SENDING:
        defaults |= {"sending_since": now}
    elif status == OutboxStatus.FAILED:
        defaults |= {"attempts": 8, "last_error": "SMTPServerDisconnected: Connection closed"}
    elif status == OutboxStatus.CANCELLED:
        defaults |= {"cancelled_reason": "The meeting was cancelled."}
    elif status == OutboxStatus.PENDING:
        defaults |= {"attempts": 0}
    return OutboxMessage.objects.create(to=to, status=status, **(defaults | fields))


def stuck(to="stuck@example.org") -> OutboxMessage:
    since = timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS + 60)
    return email(to=to, status=OutboxStatus.SENDING, sending_since=since)


def addresses(response) -> list[str]:
    return sorted(row["addressed_to"] for row in rows(response))


# --- who may look ---------------------------------------------------------------------------


def admin_pages(cast) -> list[str]:
    """The outbox and the reminder log, and one row of each."""
    message = email(to=cast.mentor.email)
    reminder = Reminder.objects.create(
        kind="first_contact",
        object_id=cast.pair.pk,
        to=cast.mentor.email,
        recipient=cast.mentor,
        due_on=timezone.localdate(),
        programme=cast.programme,
        message=message,
    )
    return [
        OUTBOX,
        reverse("admin:accounts_outboxmessage_change", args=[message.pk]),
        REMINDERS,
        reverse("admin:mentoring_reminder_change", args=[reminder.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_opens_the_outbox_and_the_reminder_log(client, cast, role):
    urls = admin_pages(cast)
    sign_in_for_real(client, cast, role)

    for url in urls:
        response = client.get(url)
        if role in STAFF:
            assert response.status_code == 200, url
            assert "maya@example.org" in response.content.decode(), url
        elif role == "anonymous":
            assert response.status_code == 302, url
            final, _ = client.get(url, follow=True).redirect_chain[-1]
            assert final.startswith(reverse("account_login")), url
        else:
            assert response.status_code == 302, url
            assert client.get(url, follow=True).status_code == 403, url


# --- the outbox -----------------------------------------------------------------------------


def test_the_outbox_lists_each_email_with_its_address_kind_state_attempts_and_last_error(office):
    email(to="sent@example.org", kind="invitation")
    email(to="failed@example.org", status=OutboxStatus.FAILED, kind="password_reset")
    email(to="waiting@example.org", status=OutboxStatus.PENDING, kind="meeting_proposed")
    email(
        to="cancelled@example.org",
        status=OutboxStatus.CANCELLED,
        kind="reminder: meeting_first_reminder",
    )
    stuck()

    shown = {row["addressed_to"]: row for row in rows(office.get(OUTBOX))}

    assert shown["failed@example.org"]["email_kind"] == "Password reset"
    assert shown["cancelled@example.org"]["email_kind"] == "Reminder: meeting first reminder"
    assert shown["failed@example.org"]["state"] == "Failed"
    assert shown["failed@example.org"]["attempts"] == "8"
    assert (
        shown["failed@example.org"]["last_error_shown"]
        == "SMTPServerDisconnected: Connection closed"
    )
    assert shown["sent@example.org"]["state"] == "Sent"
    assert shown["waiting@example.org"]["state"] == "Waiting to be sent"
    assert shown["cancelled@example.org"]["state"] == "Not sent: The meeting was cancelled."
    assert shown["stuck@example.org"]["state"].startswith("Stuck in sending since ")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("failed", ["failed@example.org"]),
        ("pending", ["waiting@example.org"]),
        ("sent", ["sent@example.org"]),
        ("cancelled", ["cancelled@example.org"]),
        ("sending", ["sending@example.org", "stuck@example.org"]),
        ("stuck", ["stuck@example.org"]),
    ],
)
def test_the_outbox_filters_by_state_and_finds_the_stuck(office, state, expected):
    email(to="sent@example.org")
    email(to="failed@example.org", status=OutboxStatus.FAILED)
    email(to="waiting@example.org", status=OutboxStatus.PENDING)
    email(to="cancelled@example.org", status=OutboxStatus.CANCELLED)
    email(to="sending@example.org", status=OutboxStatus.SENDING)  # started a moment ago
    stuck()

    response = office.get(f"{OUTBOX}?state={state}")

    assert addresses(response) == expected


def test_the_state_filter_offers_stuck_beside_the_stored_states(office):
    content = office.get(OUTBOX).content.decode()

    for label in ("Waiting to be sent", "Sending", "Sent", "Failed", "Not sent"):
        assert f">{label}</a>" in content
    assert 'href="?state=stuck"' in content
    assert ">Stuck in sending</a>" in content


def test_the_outbox_is_searched_by_address(office):
    email(to="maya@example.org")
    email(to="bola@example.org", status=OutboxStatus.FAILED)
    email(to="omar@example.org")

    assert addresses(office.get(f"{OUTBOX}?q=bola")) == ["bola@example.org"]
    assert addresses(office.get(f"{OUTBOX}?q=example.org")) == [
        "bola@example.org",
        "maya@example.org",
        "omar@example.org",
    ]


@pytest.mark.parametrize("status", [OutboxStatus.PENDING, OutboxStatus.FAILED])
def test_no_page_of_the_outbox_shows_what_an_email_says(office, status):
    message = email(to="provost@example.com", status=status)
    assert SECRET in message.text  # still held, so that it can be sent

    pages = [
        office.get(OUTBOX),
        office.get(f"{OUTBOX}?state={status}"),
        office.get(reverse("admin:accounts_outboxmessage_change", args=[message.pk])),
    ]

    for response in pages:
        assert response.status_code == 200
        content = response.content.decode()
        assert "provost@example.com" in content
        assert "Quokka-secret-token" not in content


def test_the_change_page_of_an_email_shows_how_it_went_and_cannot_be_saved(office):
    message = email(to="failed@example.org", status=OutboxStatus.FAILED)

    response = office.get(reverse("admin:accounts_outboxmessage_change", args=[message.pk]))

    content = response.content.decode()
    assert "SMTPServerDisconnected: Connection closed" in content
    assert "You are invited to the reverse mentoring pilot" in content  # the subject
    assert 'name="_save"' not in content
    assert "Quokka-secret-token" not in content


def readonly_shown(content: str, label: str) -> str:
    """What the change page shows beside `label` (a read-only field: label, then value)."""
    match = re.search(
        rf'<label>{label}:</label>\s*<div class="readonly">(.*?)</div>', content, re.S
    )
    assert match, label
    return match.group(1).strip()


def test_an_email_called_off_shows_no_next_attempt_and_an_empty_error_as_a_dash(office):
    called_off = email(to="cancelled@example.org", status=OutboxStatus.CANCELLED)
    waiting = email(to="waiting@example.org", status=OutboxStatus.PENDING)

    page = office.get(reverse("admin:accounts_outboxmessage_change", args=[called_off.pk]))
    content = page.content.decode()
    assert readonly_shown(content, "Next attempt at") == "-"
    assert readonly_shown(content, "Last error") == "-"
    assert readonly_shown(content, "Sending since") == "-"  # as every empty field shows

    page = office.get(reverse("admin:accounts_outboxmessage_change", args=[waiting.pk]))
    assert readonly_shown(page.content.decode(), "Next attempt at") not in ("-", "")

    shown = {row["addressed_to"]: row for row in rows(office.get(OUTBOX))}
    assert shown["cancelled@example.org"]["last_error_shown"] == "-"


def test_nobody_adds_edits_or_deletes_an_email_in_the_outbox(office):
    message = email(to="failed@example.org", status=OutboxStatus.FAILED)
    change = reverse("admin:accounts_outboxmessage_change", args=[message.pk])

    assert office.get(reverse("admin:accounts_outboxmessage_add")).status_code == 403
    assert (
        office.get(reverse("admin:accounts_outboxmessage_delete", args=[message.pk])).status_code
        == 403
    )
    forged = {"to": "someone-else@example.com", "subject": "Forged", "status": "pending"}
    assert office.post(change, forged).status_code == 403
    response = office.post(OUTBOX, {"action": "delete_selected", "_selected_action": [message.pk]})

    content = office.get(response.url).content.decode()
    assert "No action selected." in content  # delete is not among the actions offered
    assert 'value="delete_selected"' not in content
    assert reverse("admin:accounts_outboxmessage_add") not in content
    message.refresh_from_db()
    assert (message.to, message.subject, message.status) == (
        "failed@example.org",
        "You are invited to the reverse mentoring pilot",
        OutboxStatus.FAILED,
    )


# --- sending again --------------------------------------------------------------------------


def send_again(client, messages, confirmed=None):
    """The action on `messages`: its confirmation, or with `confirmed="yes"` its "Yes",
    posting back what that page showed."""
    data = {"action": "send_again", "_selected_action": [m.pk for m in messages]}
    page = client.post(OUTBOX, data)
    if confirmed != "yes":
        return page
    return client.post(OUTBOX, {**data, **shown(page)})


def test_send_again_first_asks_naming_the_recipient_and_changes_nothing(office, mailoutbox):
    failed = email(to="provost@example.com", status=OutboxStatus.FAILED)

    response = send_again(office, [failed])

    assert response.status_code == 200
    content = response.content.decode()
    assert "Send these emails again?" in content
    assert content.count("<h1>") == 1
    assert (
        "You are invited to the reverse mentoring pilot, to provost@example.com "
        "(failed: SMTPServerDisconnected: Connection closed)"
    ) in content
    assert 'value="Yes, send 1 email again"' in content
    assert "Quokka-secret-token" not in content
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 8)
    assert mailoutbox == []


def test_confirming_puts_the_failed_email_back_in_the_queue_with_a_fresh_count(
    office, django_capture_on_commit_callbacks
):
    failed = email(to="provost@example.com", status=OutboxStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = send_again(office, [failed], confirmed="yes")

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.PENDING, 0)
    assert failed.next_attempt_at <= timezone.now()
    assert len(queued) == 1  # handed to the workers once the change is committed


def test_confirming_sends_the_email_again_and_says_so(
    office, mailoutbox, django_capture_on_commit_callbacks
):
    failed = email(to="provost@example.com", status=OutboxStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(office, [failed], confirmed="yes")

    assert response.status_code == 302
    assert messages_shown(office.get(response.url)) == ["1 email queued to be sent again."]
    [sent] = mailoutbox
    assert sent.to == ["provost@example.com"]
    assert sent.subject == "You are invited to the reverse mentoring pilot"
    assert SECRET in sent.body
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.SENT, 1)
    assert failed.text == ""  # delivered, so the link is no longer kept


def test_only_the_failed_emails_among_those_selected_are_sent_again(
    office, mailoutbox, django_capture_on_commit_callbacks
):
    failed = email(to="failed@example.org", status=OutboxStatus.FAILED)
    waiting = email(
        to="waiting@example.org",
        status=OutboxStatus.PENDING,
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    sent = email(to="sent@example.org")
    before = {m.pk: (m.status, m.attempts, m.next_attempt_at) for m in (waiting, sent)}

    confirmation = send_again(office, [failed, waiting, sent]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        send_again(office, [failed, waiting, sent], confirmed="yes")

    assert "to failed@example.org" in confirmation
    assert "to waiting@example.org" not in confirmation
    assert "to sent@example.org" not in confirmation
    assert [mail.to for mail in mailoutbox] == [["failed@example.org"]]
    for message in (waiting, sent):
        message.refresh_from_db()
        assert (message.status, message.attempts, message.next_attempt_at) == before[message.pk]


def test_with_no_failed_email_selected_there_is_nothing_to_send_again(
    office, mailoutbox, django_capture_on_commit_callbacks
):
    sent = email(to="sent@example.org")

    content = send_again(office, [sent]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(office, [sent], confirmed="yes")

    assert "None of the selected emails has failed" in content
    assert 'name="confirmed"' not in content
    assert messages_shown(office.get(response.url)) == ["0 emails queued to be sent again."]
    assert mailoutbox == []


# --- the reminder log -----------------------------------------------------------------------


@pytest.fixture
def reminder_log(cast):
    def logged(kind, to, status, **fields):
        return Reminder.objects.create(
            kind=kind,
            object_id=cast.pair.pk,
            to=to,
            due_on=timezone.localdate(),
            programme=cast.programme,
            message=email(to=to, status=status, kind=f"reminder: {kind}", **fields),
        )

    return {
        "cancelled": logged(
            "meeting_first_reminder",
            "maya@example.org",
            OutboxStatus.CANCELLED,
            cancelled_reason="The meeting was cancelled.",
        ),
        "sent": logged("meeting_first_reminder", "bola@example.org", OutboxStatus.SENT),
        "failed": logged("first_contact", "omar@example.org", OutboxStatus.FAILED),
    }


def test_the_reminder_log_says_what_became_of_each_email(office, reminder_log):
    shown = {row["addressed_to"]: row for row in rows(office.get(REMINDERS))}

    assert shown["maya@example.org"]["outcome"] == "Not sent: The meeting was cancelled."
    assert shown["maya@example.org"]["kind_label"] == "Meeting coming up (first reminder)"
    assert shown["bola@example.org"]["outcome"] == "Sent"
    assert shown["omar@example.org"]["outcome"] == (
        "Failed: SMTPServerDisconnected: Connection closed"
    )
    assert shown["omar@example.org"]["kind_label"] == "First meeting still to book"
    assert shown["omar@example.org"]["attempts"] == "8"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=first_contact", ["omar@example.org"]),
        ("kind=meeting_first_reminder", ["bola@example.org", "maya@example.org"]),
        ("email=cancelled", ["maya@example.org"]),
        ("email=sent", ["bola@example.org"]),
        ("email=failed", ["omar@example.org"]),
        ("kind=meeting_first_reminder&email=sent", ["bola@example.org"]),
    ],
)
def test_the_reminder_log_filters_by_kind_and_by_what_became_of_the_email(
    office, reminder_log, query, expected
):
    assert addresses(office.get(f"{REMINDERS}?{query}")) == expected


def test_nothing_is_added_changed_or_deleted_in_the_reminder_log(office, reminder_log):
    reminder = reminder_log["sent"]

    assert office.get(reverse("admin:mentoring_reminder_add")).status_code == 403
    assert (
        office.get(reverse("admin:mentoring_reminder_delete", args=[reminder.pk])).status_code
        == 403
    )
    change = reverse("admin:mentoring_reminder_change", args=[reminder.pk])
    assert 'name="_save"' not in office.get(change).content.decode()
    assert office.post(change, {"to": "forged@example.com"}).status_code == 403
    reminder.refresh_from_db()
    assert reminder.to == "bola@example.org"


# --- cost -----------------------------------------------------------------------------------


def fill_outbox(count: int) -> None:
    states = [
        OutboxStatus.SENT,
        OutboxStatus.FAILED,
        OutboxStatus.PENDING,
        OutboxStatus.CANCELLED,
    ]
    for n in range(count):
        email(to=f"person{n}@example.org", status=states[n % len(states)], recipient=None)


OUTBOX_QUERIES = (
    1  # the session
    + 1  # the coordinator
    + 1  # whether they have an authenticator, are a coordinator, and their permissions
    #      (one query: accounts.access.staff_facts_read)
    + 1  # the kinds, for the kind filter
    + 2  # how many rows: those filtered, and all of them
    + 1  # the page of rows
    + 2  # the date hierarchy: the first and last day, and the days between
)


@pytest.mark.parametrize("query", ["", "?state=failed", "?state=stuck", "?q=person1"])
def test_the_outbox_costs_the_same_for_3_emails_as_for_60(
    office, django_assert_max_num_queries, query
):
    fill_outbox(3)
    with django_assert_max_num_queries(OUTBOX_QUERIES):
        few = queries_for(office, OUTBOX + query)

    fill_outbox(60)
    with django_assert_max_num_queries(OUTBOX_QUERIES):
        many = queries_for(office, OUTBOX + query)

    assert many == few


def test_the_outbox_list_does_not_even_read_the_bodies(office):
    fill_outbox(3)

    with CaptureQueriesContext(connection) as captured:
        office.get(OUTBOX)

    rows_query = next(q["sql"] for q in captured if '"accounts_outboxmessage"."to"' in q["sql"])
    for body in ("text", "html", "attachments"):
        assert f'"accounts_outboxmessage"."{body}"' not in rows_query


def test_an_email_is_named_by_its_kind_in_words_not_its_template():
    email = OutboxMessage(kind="accounts/email/invitation", to="new.dean@example.org")

    assert str(email) == "Invitation to new.dean@example.org"


def test_yes_sends_again_only_the_emails_the_page_named(
    office, mailoutbox, django_capture_on_commit_callbacks
):
    failed = email(to="failed@example.org", status=OutboxStatus.FAILED)
    waiting = email(to="waiting@example.org", status=OutboxStatus.PENDING)
    page = send_again(office, [failed, waiting], confirmed=None)
    assert "to waiting@example.org" not in page.content.decode()
    # It fails for good after the page was shown: not named there, so not sent again.
    OutboxMessage.objects.filter(pk=waiting.pk).update(status=OutboxStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            OUTBOX,
            {
                "action": "send_again",
                "_selected_action": [failed.pk, waiting.pk],
                **shown(page),
            },
        )

    assert messages_shown(office.get(response.url)) == ["1 email queued to be sent again."]
    assert [mail.to for mail in mailoutbox] == [["failed@example.org"]]
    assert OutboxMessage.objects.get(pk=waiting.pk).status == OutboxStatus.FAILED
