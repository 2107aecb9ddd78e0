"""Whether an email waiting in the outbox is the programme office's follows from whom it was
written to, not from a list of kinds kept by hand: an email of a kind nobody listed, written
to the office as `office_recipients` (or a reminder's `Run.office_dues`) chooses it, does not
go to a coordinator who has left the office before it is sent. An email of another kind,
written to a coordinator as a person, still reaches them after they leave."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_write
from accounts.services import coordinator_revoke
from mentoring.models.reminders import reminder_email_kind
from mentoring.reminders import REGISTRY, ReminderKind
from mentoring.services.applications import office_recipients
from tests.admin_pages import outbox_outcome

pytestmark = pytest.mark.django_db

LEFT = "The person is no longer in the programme office."
# A kind of email no list names: one the office would be sent in a later release.
NEW_KIND = "mentoring/email/office_weekly_digest"


def test_an_email_of_a_new_kind_written_to_the_office_does_not_reach_a_coordinator_who_left(
    cast, deliver, mailoutbox
):
    for office in office_recipients(cast.programme):  # Carmen and Sue
        outbox_write(kind=NEW_KIND, to=office, subject="This week's news", text="News.")

    coordinator_revoke(user=cast.coordinator)  # Carmen leaves before the mail server is back
    deliver()

    assert [mail.to for mail in mailoutbox] == [["sue@example.org"]]
    assert outbox_outcome(NEW_KIND) == {
        "carmen@example.org": (OutboxStatus.CANCELLED, LEFT),
        "sue@example.org": (OutboxStatus.SENT, ""),
    }


class OfficeDigest(ReminderKind):
    """A new alert to the office, which does not say it is one (`to_office`): whom it goes to
    does."""

    name = "office_digest"
    label = "Weekly digest (to the office)"

    def __init__(self, pair):
        self.pair = pair

    @property
    def template(self):
        return "mentoring/email/reminder_window_passed"  # any office alert's wording

    def find(self, run):
        return run.office_dues(self.pair.programme, self.pair.pk, run.today)

    def compose(self, reminder, now):
        return {"match": self.pair, "due_by": reminder.due_on - timedelta(days=1)}, []


def test_a_new_kind_of_alert_to_the_office_does_not_reach_a_coordinator_who_left(
    cast, dispatch, deliver, mailoutbox, monkeypatch
):
    monkeypatch.setitem(REGISTRY, OfficeDigest.name, OfficeDigest(cast.pair))
    dispatch(send=False)  # the mail server away: written, waiting

    coordinator_revoke(user=cast.coordinator)
    deliver()

    assert outbox_outcome(reminder_email_kind(OfficeDigest.name)) == {
        "carmen@example.org": (OutboxStatus.CANCELLED, LEFT),
        "sue@example.org": (OutboxStatus.SENT, ""),
    }
    assert "carmen@example.org" not in {address for mail in mailoutbox for address in mail.to}


def test_an_email_written_to_a_coordinator_as_a_person_still_reaches_them_after_they_leave(
    cast, deliver, mailoutbox
):
    outbox_write(
        kind=NEW_KIND,
        to=cast.coordinator.email,
        recipient=cast.coordinator,
        subject="Your account",
        text="About your own account.",
    )

    coordinator_revoke(user=cast.coordinator)
    deliver()

    assert [mail.to for mail in mailoutbox] == [["carmen@example.org"]]
    assert outbox_outcome(NEW_KIND) == {"carmen@example.org": (OutboxStatus.SENT, "")}


def test_office_emails_waiting_when_the_change_is_deployed_stay_the_offices(cast):
    waiting, sent, theirs = (
        OutboxMessage.objects.create(
            kind=kind, to="carmen@example.org", recipient=cast.coordinator, subject="s", text="t"
        )
        for kind in (
            "reminder: window_passed",
            "mentoring/email/pair_request",
            "mentoring/email/application_submitted",  # to an applicant, never the office's
        )
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )

    import_module("mentoring.migrations.0044_office_emails_waiting_are_the_offices").mark(
        apps, None
    )

    assert dict(OutboxMessage.objects.values_list("pk", "for_the_office")) == {
        waiting.pk: True,
        sent.pk: False,  # gone already: nothing left to decide
        theirs.pk: False,
    }
