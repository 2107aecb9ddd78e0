from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

PERMISSIONS = [
    "matching.view_conflictofinterest",
    "matching.add_conflictofinterest",
    "matching.change_conflictofinterest",
    "matching.delete_conflictofinterest",
    "matching.view_matchingsettings",
    "matching.add_matchingsettings",
    "matching.change_matchingsettings",
    "mentoring.view_match",
    "mentoring.change_match",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("mentoring", "0005_matches"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
