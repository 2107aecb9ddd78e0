from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

# The outbox and the reminder log are read-only for the office; "change" on the outbox is
# what lets a coordinator send a failed email again. Bodies are never shown.
PERMISSIONS = [
    "accounts.view_outboxmessage",
    "accounts.change_outboxmessage",
    "mentoring.view_reminder",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_outbox_and_nudges"),
        ("mentoring", "0008_reminders"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
