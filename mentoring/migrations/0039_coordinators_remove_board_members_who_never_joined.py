"""Coordinators may remove a board member who never joined (an address added by mistake):
mentoring.admin.mentees allows it for them alone, one at a time."""

from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

PERMISSIONS = ["mentoring.delete_boardmember"]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0038_a_request_only_closes_once_its_pairing_ended")]

    operations = [migrations.RunPython(forwards, backwards)]
