"""A standing guard over deleting an account: afterwards no row of any table, encrypted
fields read too, holds the person's name, either of their addresses, their job title or
their department, whatever the case, once the office had corrected that department (the
audit trail) and an email telling the office of their application still waited. Only the
emails the deletion itself writes name them, on purpose (their partner and the office are
told who left)."""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from accounts.models import OutboxMessage
from accounts.services import account_delete
from mentoring.models import MentorApplication
from mentoring.services.applications import department_follows, send_to_office

pytestmark = pytest.mark.django_db

JOB = "Ocelot cryo-technician"
DEPARTMENT = "Quokka Estates Unit"
CORRECTED = "Quokka Estates and Facilities Unit"


def _everywhere(*values: str) -> list[str]:
    """Where any of `values` is found, whatever its case, in every text of every row
    (encrypted fields read decrypted, JSON as its text). Sessions are left out: encoded,
    and the person's are deleted."""
    found = []
    for model in apps.get_models():
        if model is Session:
            continue
        fields = [
            field
            for field in model._meta.local_concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.all() if fields else []:
            for field in fields:
                text = str(getattr(row, field.attname) or "").lower()
                found += [
                    f"{model.__name__}.{field.name}: {value}"
                    for value in values
                    if value.lower() in text
                ]
    return found


def test_nothing_anywhere_keeps_her_name_addresses_job_title_or_department(cast):
    maya = cast.mentor
    maya.job_title, maya.department = JOB, DEPARTMENT
    maya.save(update_fields=["job_title", "department"])
    MentorApplication.objects.filter(applicant=maya).update(department=DEPARTMENT)
    EmailAddress.objects.create(user=maya, email="maya.second@example.org", verified=True)
    send_to_office(
        MentorApplication.objects.get(applicant=maya), "mentoring/email/application_arrived"
    )
    maya.department = CORRECTED
    maya.save(update_fields=["department"])
    department_follows(maya, by=cast.coordinator)
    before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()

    account_delete(user=maya, by=cast.coordinator)

    OutboxMessage.objects.filter(pk__gt=before).delete()
    assert (
        _everywhere("Maya Mentor", "maya@example.org", "maya.second@example.org", JOB, "Quokka")
        == []
    )
