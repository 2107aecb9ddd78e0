"""The office is emailed about an application ("new application", "line manager agreed"),
saying who applied and from which department. One still waiting in the outbox (the mail
server away) when the applicant's account is deleted goes no more: it would tell the office
about a "Deleted account" whose application no longer says its department, and would carry
that department out all the same. Called off, not scrubbed: a department is shared by many,
and other people's emails keep theirs."""

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from accounts.services import account_delete
from mentoring.models import MentorApplication
from mentoring.services.applications import send_to_office

pytestmark = pytest.mark.django_db

DEPARTMENT = "Quokka Estates Unit"
ARRIVED = "mentoring/email/application_arrived"
AGREED = "mentoring/email/line_manager_agreed"


def _office_emails_about(person) -> list[OutboxMessage]:
    """The office told that `person` applied, and that their line manager agreed, by emails
    still waiting."""
    application = MentorApplication.objects.get(applicant=person)
    application.department = DEPARTMENT
    application.save(update_fields=["department"])
    before = list(OutboxMessage.objects.values_list("pk", flat=True))
    for kind in (ARRIVED, AGREED):
        send_to_office(application, kind)
    return list(OutboxMessage.objects.exclude(pk__in=before))


@pytest.mark.parametrize("by", ["mentor", "coordinator"])
def test_the_offices_waiting_emails_about_her_application_are_called_off(cast, by):
    waiting = _office_emails_about(cast.mentor)
    assert {message.kind for message in waiting} == {ARRIVED, AGREED}
    assert all(DEPARTMENT in message.text for message in waiting if message.kind == ARRIVED)

    account_delete(user=cast.mentor, by=getattr(cast, by))

    for message in OutboxMessage.objects.filter(pk__in=[m.pk for m in waiting]):
        assert message.status == OutboxStatus.CANCELLED
        assert message.cancelled_reason == "The applicant deleted their account."
        assert DEPARTMENT not in message.text + message.html
    assert not [m for m in OutboxMessage.objects.all() if DEPARTMENT in m.text + m.html]


def test_one_that_failed_is_called_off_too_and_not_sent_again(cast):
    waiting = _office_emails_about(cast.mentor)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in waiting]).update(
        status=OutboxStatus.FAILED, attempts=5
    )

    account_delete(user=cast.mentor, by=cast.coordinator)

    assert set(
        OutboxMessage.objects.filter(pk__in=[m.pk for m in waiting]).values_list(
            "status", flat=True
        )
    ) == {OutboxStatus.CANCELLED}


def test_the_offices_emails_about_someone_else_in_that_department_still_go(cast):
    others = _office_emails_about(cast.other_mentor)
    _office_emails_about(cast.mentor)

    account_delete(user=cast.mentor, by=cast.mentor)

    others = OutboxMessage.objects.filter(pk__in=[m.pk for m in others])
    assert {message.status for message in others} == {OutboxStatus.PENDING}
    arrived = [message for message in others if message.kind == ARRIVED]
    assert arrived
    assert all(f"Omar Other ({DEPARTMENT})" in message.text for message in arrived)
