"""Writing to a group of the current programme: compose, preview exactly who receives it,
confirm; only then one email each, through the outbox, and a record of the sending."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import CohortMessage, Match
from mentoring.selectors.cohorts import cohort_recipients, recipients_fingerprint
from mentoring.services.cohorts import cohort_message_send
from tests.admin_pages import messages_shown, rows, sign_in_for_real
from tests.cast import sign_in_as
from tests.cohort_messages import ADD, BODY, compose, people_beyond_the_cast, preview, recipients
from tests.concurrency import needs_postgresql
from tests.factories import (
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

people = people_beyond_the_cast()

LIST = reverse("admin:mentoring_cohortmessage_changelist")


@pytest.fixture
def office(client, cast, people):
    sign_in_as(client, cast, "coordinator")
    return client


def confirm(client, data, previewed):
    fingerprint = previewed.context["fingerprint"]
    return client.post(ADD, {**data, "step": "confirm", "fingerprint": fingerprint})


AUDIENCES = {
    "mentors": [
        "Ana Accepted <ana@example.org>",
        "Maya Mentor <maya@example.org>",
        "Omar Other <omar@example.org>",
    ],
    "board_members": [
        "Ben Board <ben@example.org>",
        "Bola Board <bola@example.org>",
        "Olive Other <olive@example.org>",
    ],
    "event": ["Ana Accepted <ana@example.org>", "Maya Mentor <maya@example.org>"],
    "pairs": [
        "Bola Board <bola@example.org>",
        "Maya Mentor <maya@example.org>",
        "Olive Other <olive@example.org>",
        "Omar Other <omar@example.org>",
    ],
}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_preview_lists_exactly_who_receives_it_and_sends_nothing(
    office, people, audience, django_capture_on_commit_callbacks
):
    event = people["event"] if audience == "event" else None
    with django_capture_on_commit_callbacks(execute=True):
        response = preview(office, compose(office, audience, event=event))

    assert recipients(response) == AUDIENCES[audience]
    page = response.content.decode()
    count = len(AUDIENCES[audience])
    assert f"{count} people:" in page
    for line in AUDIENCES[audience]:
        name, address = line.removesuffix(">").split(" <")
        assert f"<td>{name}</td><td>{address}</td>" in page
    assert f"Send to {count} people" in page
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []
    assert CohortMessage.objects.count() == 0


@pytest.mark.parametrize("audience", AUDIENCES)
def test_confirming_sends_one_email_each_through_the_outbox(
    office, cast, people, audience, django_capture_on_commit_callbacks
):
    event = people["event"] if audience == "event" else None
    data = compose(office, audience, event=event)
    previewed = preview(office, data)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(office, data, previewed)

    assert response.status_code == 302
    expected = sorted(line.split(" <")[1].removesuffix(">") for line in AUDIENCES[audience])
    assert sorted(message.to[0] for message in mail.outbox) == expected
    assert OutboxMessage.objects.filter(kind="mentoring/email/cohort_message").count() == len(
        expected
    )
    record = CohortMessage.objects.get()
    assert (record.programme, record.audience, record.recipient_count) == (
        cast.programme,
        audience,
        len(expected),
    )
    assert (record.subject, record.body, record.sent_by) == (
        "The evaluation session",
        BODY,
        cast.coordinator,
    )
    assert record.event == event


def test_each_email_carries_the_message_the_programme_and_the_office(
    office, cast, people, django_capture_on_commit_callbacks
):
    cast.programme.office_email = "office@example.org"
    cast.programme.save(update_fields=["office_email"])
    data = compose(office, "event", event=people["event"])
    previewed = preview(office, data)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(office, data, previewed)

    message = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    html = message.alternatives[0][0]
    assert message.subject == "The evaluation session"
    assert message.body.startswith("Dear Ana,\n\nThe evaluation session is on 3 June.\n\n")
    assert "Please bring <one> example" in message.body
    assert "Please bring &lt;one&gt; example" in html
    for part in (message.body, html):
        assert "2026/27 pilot" in part
        assert "office@example.org" in part


def test_double_confirming_sends_once(office, people, django_capture_on_commit_callbacks):
    data = compose(office, "mentors")
    previewed = preview(office, data)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(office, data, previewed)
    with django_capture_on_commit_callbacks(execute=True):
        again = confirm(office, data, previewed)

    assert len(mail.outbox) == 3
    assert CohortMessage.objects.count() == 1
    assert "nobody was emailed again" in messages_shown(office.get(again.url))[-1]


def test_a_new_compose_form_is_a_new_message(office, people, django_capture_on_commit_callbacks):
    for _ in range(2):
        data = compose(office, "event", event=people["event"])
        previewed = preview(office, data)
        with django_capture_on_commit_callbacks(execute=True):
            confirm(office, data, previewed)

    assert CohortMessage.objects.count() == 2
    assert len(mail.outbox) == 4


def test_a_group_that_changed_since_the_preview_is_shown_again_and_nobody_is_emailed(
    office, cast, people, django_capture_on_commit_callbacks
):
    data = compose(office, "mentors")
    previewed = preview(office, data)
    MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Nia New", email="nia@example.org"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(office, data, previewed)

    assert response.status_code == 200
    assert "Nia New <nia@example.org>" in recipients(response)
    assert "The group changed since the preview" in response.content.decode()
    assert mail.outbox == []
    assert CohortMessage.objects.count() == 0


def test_changing_the_message_keeps_what_was_typed(office, people):
    data = compose(office, "pairs")

    response = office.post(ADD, {**data, "step": "edit"})

    form = response.context["form"]
    assert form["body"].value() == BODY
    assert form["token"].value() == data["token"]
    assert "Preview who receives it" in response.content.decode()


def test_the_event_audience_needs_an_event(office, people):
    response = preview(office, compose(office, "event"))

    assert "recipients" not in response.context
    assert "Choose the event whose people should receive it." in response.content.decode()


def test_the_lengths_are_stated_and_enforced(office, people):
    page = office.get(ADD).content.decode()
    assert "Up to 150 characters." in page
    assert "Plain text, up to 5,000 characters." in page

    response = preview(office, compose(office, "mentors", subject="x" * 151, body="y" * 5001))

    assert "recipients" not in response.context
    assert set(response.context["form"].errors) == {"subject", "body"}


def test_the_record_is_read_only(office, people, django_capture_on_commit_callbacks):
    data = compose(office, "pairs")
    previewed = preview(office, data)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(office, data, previewed)

    [row] = rows(office.get(LIST))
    assert row["subject"] == "The evaluation session"
    assert row["recipient_count"] == "4"
    record = CohortMessage.objects.get()
    change = office.get(reverse("admin:mentoring_cohortmessage_change", args=[record.pk]))
    assert 'name="subject"' not in change.content.decode()
    deleted = office.post(reverse("admin:mentoring_cohortmessage_delete", args=[record.pk]))
    assert deleted.status_code == 403


def test_the_coordinator_signed_in_with_totp_can_write(client, cast, people):
    sign_in_for_real(client, cast, "coordinator")

    response = client.get(ADD)

    assert response.status_code == 200
    assert "Write to a group of 2026/27 pilot" in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "mentor", "board_member", "other_mentor"])
def test_people_outside_the_office_cannot_write_or_preview(
    client, cast, people, role, django_capture_on_commit_callbacks
):
    sign_in_as(client, cast, role)
    data = {"audience": "pairs", "subject": "Hi", "body": "Hello", "token": "0" * 32}

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(ADD, {**data, "step": "preview"})

    assert client.get(ADD).status_code == 302
    assert posted.status_code == 302
    assert "recipients" not in (posted.context or {})
    assert mail.outbox == []


def test_staff_without_the_permission_are_refused(client, cast, people):
    staff = UserFactory(is_staff=True)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    assert client.get(ADD).status_code == 403


def test_without_an_active_programme_or_a_pair_meeting_there_is_nobody_to_write_to(office, cast):
    cast.programme.status = "closed"
    cast.programme.recruitment_open = False
    cast.programme.save()
    Match.objects.update(status="ended", ended_at=timezone.now(), end_reason="completed")

    response = office.get(ADD)

    assert response.status_code == 302
    assert messages_shown(office.get(response.url)) == [
        "There is no programme to write to: none is active or has pairs meeting."
    ]


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_confirms_at_the_same_moment_send_once(cast, people):
    group = cohort_recipients(programme=cast.programme, audience="mentors")
    arguments = {
        "programme": cast.programme,
        "audience": "mentors",
        "event": None,
        "subject": "Hello",
        "body": "Hello all",
        "sent_by": cast.coordinator,
        "token": uuid.uuid4(),
        "fingerprint": recipients_fingerprint(group),
    }
    start = threading.Barrier(2)
    outcomes = []

    def send():
        try:
            start.wait(timeout=10)
            outcomes.append(cohort_message_send(**arguments)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [False, True]
    assert CohortMessage.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="mentoring/email/cohort_message").count() == 3


def test_a_web_address_in_the_message_is_a_link_in_the_html_email(
    office, cast, people, django_capture_on_commit_callbacks
):
    body = "The slides are at https://example.org/slides?id=3&part=2 and <b>not</b> elsewhere."
    data = compose(office, "event", event=people["event"], body=body)
    previewed = preview(office, data)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(office, data, previewed)

    message = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    html = message.alternatives[0][0]
    assert '<a href="https://example.org/slides?id=3&amp;part=2"' in html
    assert "&lt;b&gt;not&lt;/b&gt;" in html
    assert "You are receiving this because you take part in 2026/27 pilot" in message.body
