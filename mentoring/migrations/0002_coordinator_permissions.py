from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

PERMISSIONS = [
    "mentoring.view_programme",
    "mentoring.add_programme",
    "mentoring.change_programme",
    "mentoring.view_theme",
    "mentoring.add_theme",
    "mentoring.change_theme",
    "mentoring.delete_theme",
    "mentoring.view_keydate",
    "mentoring.add_keydate",
    "mentoring.change_keydate",
    "mentoring.delete_keydate",
    "mentoring.view_grade",
    "mentoring.add_grade",
    "mentoring.change_grade",
    "mentoring.delete_grade",
    "mentoring.view_mentorapplication",
    "mentoring.change_mentorapplication",
    "mentoring.view_linemanagerrequest",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
        ("accounts", "0002_coordinators_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
