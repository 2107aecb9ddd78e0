"""The programme office and the people taking part are kept apart: someone made a
coordinator at the moment they send an application ends up one or the other, never both.
On PostgreSQL, the application sent while the grant has checked that they take no part."""

import time

import pytest

import accounts.services as account_services
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.services.applications import ApplicationError, application_submit
from tests.concurrency import needs_postgresql, started
from tests.factories import DraftApplicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def test_an_application_sent_while_its_applicant_is_made_a_coordinator_is_refused(
    monkeypatch,
):
    draft = DraftApplicationFactory()
    person = draft.applicant
    assert account_services.why_not_coordinator(person) is None  # a draft is no part
    why = account_services.why_not_coordinator_many
    other = {}

    def checked_while_they_send_it(users):
        problems = why(users)
        other["thread"], other["outcome"] = started(lambda: application_submit(application=draft))
        time.sleep(1.0)  # long enough for the application to reach its lock
        return problems

    monkeypatch.setattr(account_services, "why_not_coordinator_many", checked_while_they_send_it)
    account_services.coordinator_grant(user=person)
    other["thread"].join(30)

    person = type(person).objects.get(pk=person.pk)
    assert person.is_coordinator
    assert isinstance(other["outcome"].get("error"), ApplicationError), other["outcome"]
    assert MentorApplication.objects.get(pk=draft.pk).status == ApplicationStatus.DRAFT
