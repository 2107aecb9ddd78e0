"""Deleting an account takes the person's names and addresses out of the emails to other
people that still hold their text (not sent yet, failed, or called off): the subject, the
text, the HTML and the attachments (a meeting's calendar file). A pending one is then sent
without them; a sent one keeps no text to take them out of."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_write, send_one
from accounts.services import account_delete
from mentoring.services.meetings import When, meeting_propose

pytestmark = pytest.mark.django_db

FIELDS = ("subject", "text", "html", "attachments")


def naming(message: OutboxMessage, text: str) -> list[str]:
    message.refresh_from_db()
    return [field for field in FIELDS if text in getattr(message, field)]


def told_of_a_meeting(cast) -> OutboxMessage:
    """Maya proposes a meeting; Bola is emailed, with its calendar file. Deleting her account
    ends the pair, which calls off what waits to tell of its meetings: this email is about
    nothing the deletion calls off (`OutboxMessage.about` empty, as one written before it
    was kept), so that it waits on, holding her name."""
    meeting_propose(
        match=cast.pair,
        by=cast.mentor,
        when=When(starts_at=timezone.now() + timedelta(days=10), minutes=60),
    )
    told = OutboxMessage.objects.get(recipient=cast.board_member)
    OutboxMessage.objects.filter(pk=told.pk).update(about="")
    assert naming(told, "Maya Mentor") == list(FIELDS)
    return told


@pytest.mark.parametrize("status", [OutboxStatus.FAILED, OutboxStatus.PENDING])
def test_an_email_to_her_partner_not_yet_sent_loses_her_name(cast, status):
    told = told_of_a_meeting(cast)
    OutboxMessage.objects.filter(pk=told.pk).update(status=status)

    account_delete(user=cast.mentor, by=cast.mentor)

    assert naming(told, "Maya Mentor") == []
    assert "Deleted account" in told.text
    assert "Deleted account" in told.html
    (calendar,) = json.loads(told.attachments)
    assert calendar[0] == "meeting.ics"
    assert "Reverse mentoring with Deleted account" in calendar[1]


def test_a_long_name_folded_in_the_calendar_file_goes_too(cast):
    cast.mentor.full_name = "Maya Alexandra Catherine Mentor-Montgomery-Fitzwilliam"
    cast.mentor.save()
    told = told_of_a_meeting_named(cast, "Montgomery-Fitzwilliam")

    account_delete(user=cast.mentor, by=cast.mentor)

    (calendar,) = json.loads(OutboxMessage.objects.get(pk=told.pk).attachments)
    unfolded = calendar[1].replace("\r\n ", "")
    assert "Fitzwilliam" not in unfolded
    assert "Reverse mentoring with Deleted account" in unfolded
    # Folded again: no line longer than a calendar allows.
    assert max(len(line.encode()) for line in calendar[1].split("\r\n")) <= 75


def told_of_a_meeting_named(cast, part: str) -> OutboxMessage:
    meeting_propose(
        match=cast.pair,
        by=cast.mentor,
        when=When(starts_at=timezone.now() + timedelta(days=10), minutes=60),
    )
    told = OutboxMessage.objects.get(recipient=cast.board_member)
    OutboxMessage.objects.filter(pk=told.pk).update(about="")  # as in told_of_a_meeting
    (calendar,) = json.loads(told.attachments)
    # The name is split across the file's folded lines.
    assert part not in calendar[1]
    assert part in calendar[1].replace("\r\n ", "")
    return told


def test_her_address_and_a_name_written_in_capitals_go_too(cast):
    email = outbox_write(
        kind="x",
        to=cast.board_member.email,
        subject="A note",
        text="MAYA MENTOR (Maya@Example.org) wrote to you.",
        html="<p>Maya Mentor&#x27;s note, from maya@example.org</p>",
    )

    account_delete(user=cast.mentor, by=cast.mentor)

    email.refresh_from_db()
    assert email.text == "Deleted account (Deleted account) wrote to you."
    assert email.html == "<p>Deleted account&#x27;s note, from Deleted account</p>"


def test_an_email_to_someone_else_that_does_not_name_her_is_left_as_it_was(cast):
    email = outbox_write(
        kind="x", to=cast.board_member.email, subject="A note", text="Maya wrote to you."
    )

    account_delete(user=cast.mentor, by=cast.mentor)

    email.refresh_from_db()
    # A one-word name could be part of other words: left alone, as in subjects.
    assert (email.subject, email.text) == ("A note", "Maya wrote to you.")


def test_a_waiting_email_is_delivered_without_her_name(cast, mailoutbox):
    told = told_of_a_meeting(cast)

    account_delete(user=cast.mentor, by=cast.mentor)
    send_one(told.pk)

    (delivered,) = mailoutbox
    parts = [
        delivered.subject,
        delivered.body,
        *(html for html, _type in delivered.alternatives),
        *(str(content) for _name, content, _type in delivered.attachments),
    ]
    assert [part for part in parts if "Maya Mentor" in part] == []
