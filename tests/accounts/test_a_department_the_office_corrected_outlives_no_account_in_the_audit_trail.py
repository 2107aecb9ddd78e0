"""A department the office corrects in People is in the audit trail by name only: it is typed
text, and the trail's rows are append-only, so a department kept there would outlive the
person's account. Rows written before this rule lose the departments they kept."""

import pytest
from django.db import DatabaseError, transaction

from accounts.audit import audit_record
from accounts.models import AuditAction, AuditEvent
from accounts.services import account_delete
from mentoring.models import MentorApplication
from mentoring.services.applications import department_follows
from tests.migrations import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db

DEPARTMENT = "Quokka Estates Unit"
CORRECTED = "Quokka Estates and Facilities Unit"


def _trail_mentions(text: str) -> list[dict]:
    return [
        changes
        for changes in AuditEvent.objects.values_list("changes", flat=True)
        if text.lower() in str(changes).lower()
    ]


def test_her_department_the_office_corrected_is_nowhere_in_the_trail_once_she_is_deleted(cast):
    maya = cast.mentor
    MentorApplication.objects.filter(applicant=maya).update(department=DEPARTMENT)
    maya.department = CORRECTED
    maya.save(update_fields=["department"])
    department_follows(maya, by=cast.coordinator)
    [row] = AuditEvent.objects.filter(action=AuditAction.EDITED)
    assert row.changes == {"department": {}}

    account_delete(user=maya, by=cast.coordinator)

    assert _trail_mentions("Quokka") == []


@pytest.mark.django_db(transaction=True)
def test_the_departments_kept_in_the_trail_before_are_forgotten(cast):
    application = cast.pair.mentor
    # Rows as the trail kept them before the rule, written with today's columns: going back
    # and forward again, the rule's migration runs on them.
    with transaction.atomic():
        kept = audit_record(
            actor=cast.coordinator,
            action=AuditAction.EDITED,
            obj=application,
            values={"department": (DEPARTMENT, CORRECTED)},
        )
        other = audit_record(
            actor=cast.coordinator,
            action=AuditAction.APPLICATION_DECIDED,
            obj=application,
            values={"status": ("submitted", "accepted")},
        )
    migrate_to([("mentoring", "0045_board_places_found_by_mailbox")])
    migrate_to_latest()

    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.changes == {"department": {}}
    assert other.changes == {"status": {"old": "submitted", "new": "accepted"}}
    # The trail is append-only again.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).update(changes={})
