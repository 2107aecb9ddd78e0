from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

PERMISSIONS = [
    "mentoring.view_board",
    "mentoring.add_board",
    "mentoring.change_board",
    "mentoring.delete_board",
    "mentoring.view_boardmember",
    "mentoring.add_boardmember",
    "mentoring.change_boardmember",
    "mentoring.view_event",
    "mentoring.add_event",
    "mentoring.change_event",
    "mentoring.delete_event",
    "mentoring.view_registration",
    "mentoring.change_registration",
    "mentoring.view_briefingexemption",
    "mentoring.add_briefingexemption",
    "mentoring.change_briefingexemption",
    "mentoring.delete_briefingexemption",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0003_events_board_members")]

    operations = [migrations.RunPython(forwards, backwards)]
