from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

# Surveys and their questions, for the office to build and read results from. Responses,
# answers and participations are not in the admin, so no permission on them is granted.
# No delete on surveys: a survey that has been answered is part of the programme's record.
PERMISSIONS = [
    "evaluation.view_survey",
    "evaluation.add_survey",
    "evaluation.change_survey",
    "evaluation.view_question",
    "evaluation.add_question",
    "evaluation.change_question",
    "evaluation.delete_question",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_outbox_and_nudges"),
        ("evaluation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
