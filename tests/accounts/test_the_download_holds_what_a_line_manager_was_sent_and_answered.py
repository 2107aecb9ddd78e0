"""A line manager with an account finds in their download the reminders sent to their
address (which go to the address, not the account) and the answers they gave: the download
and the deletion count the same things as theirs."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Reminder
from mentoring.reminders import reminders_dispatch
from tests.factories import (
    UserFactory,
    line_manager_asked,
)

pytestmark = [pytest.mark.django_db, pytest.mark.daytime]


def test_a_line_manager_with_an_account_finds_the_reminders_sent_to_them(
    client, cast, django_capture_on_commit_callbacks
):
    # Olu, who has an account, is Ama's line manager and has not answered for a week.
    ama = UserFactory(full_name="Ama Applicant", email="ama@example.org")
    line_manager_asked(
        cast.programme, ama, cast.outsider.email, sent_at=timezone.now() - timedelta(days=8)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch()["line_manager_waiting"] == 2
    sent = Reminder.objects.get(kind="line_manager_waiting", to=cast.outsider.email)

    client.force_login(cast.outsider)
    data = json.loads(client.get(reverse("personal_data_download")).content)

    # The email is listed; the reminder it was, as deleting the account counts it, too.
    assert "Reminder: line manager waiting" in [e["kind"] for e in data["emails_sent_to_you"]]
    assert [r["kind"] for r in data["reminders_sent_to_you"]] == [sent.kind]


def test_a_line_manager_with_an_account_finds_the_answer_they_gave(client, cast):
    """What they wrote as a line manager (their answer, and why) is theirs: in their
    download, with whom and which programme it was about; never what was asked of another
    address."""
    ama = UserFactory(full_name="Ama Applicant", email="ama@example.org")
    answered = timezone.now() - timedelta(days=2)
    line_manager_asked(
        cast.programme,
        ama,
        cast.outsider.email,
        sent_at=timezone.now() - timedelta(days=5),
        decision="declined",
        reason="We are short-staffed until the spring.",
        answered_at=answered,
    )
    line_manager_asked(cast.programme, UserFactory(), "someone.else@example.org")

    client.force_login(cast.outsider)
    data = json.loads(client.get(reverse("personal_data_download")).content)

    [asked] = data["asked_as_a_line_manager"]
    assert asked["applicant"] == "Ama Applicant"
    assert asked["programme"] == cast.programme.name
    assert asked["answer"] == "Declined"
    assert asked["reason"] == "We are short-staffed until the spring."
