from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

# What pairs say (meetings, notes, action steps) has no admin and no permission here.
PERMISSIONS = [
    "mentoring.view_groundrules",
    "mentoring.add_groundrules",
    "mentoring.view_pairrequest",
    "mentoring.change_pairrequest",
    "mentoring.view_pairhealth",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0006_pair_life")]

    operations = [migrations.RunPython(forwards, backwards)]
