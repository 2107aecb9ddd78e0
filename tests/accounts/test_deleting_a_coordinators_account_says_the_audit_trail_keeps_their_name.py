"""A coordinator deleting their account is told that the office's audit trail keeps their
name as who made each change, not promised their name goes wherever it appears."""

import pytest

from accounts.models import User
from tests.factories import (
    PASSWORD,
)

pytestmark = pytest.mark.django_db

DELETE = "/profile/delete/"


def test_a_coordinator_deleting_their_account_is_not_promised_their_name_goes_everywhere(
    client, cast
):
    """A coordinator who has run the programme (the audit trail records each change they
    made, under their name) opens "Delete your account?". It promises that "your name,
    email address, job title and department" are removed "here and wherever they appear",
    and deletes the account. Their name stays in the audit trail as who made each change,
    on purpose (README: the office's accountability), so the promise is false. The page
    should say what keeps their name (the record of the changes they made in the
    programme office), as the README does."""
    from django.db import transaction

    from accounts.audit import audit_record
    from accounts.models import AuditAction, AuditEvent

    with transaction.atomic():
        audit_record(actor=cast.coordinator, action=AuditAction.EDITED, obj=cast.programme)
    client.force_login(cast.coordinator)

    page = client.get(DELETE).content.decode()
    client.post(DELETE, {"password": PASSWORD})

    assert User.objects.get(pk=cast.coordinator.pk).deleted_at is not None
    assert AuditEvent.objects.filter(actor_label__contains="Carmen Coordinator").exists()
    assert "wherever they appear" not in page or "audit trail" in page.lower(), (
        "promised the name goes wherever it appears; the audit trail keeps it"
    )
