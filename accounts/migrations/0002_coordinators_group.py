from django.db import migrations

from accounts.coordinators import grant_permissions, revoke_permissions

PERMISSIONS = [
    "accounts.view_user",
    "accounts.change_user",
    "accounts.view_invitation",
    "accounts.add_invitation",
]


def forwards(apps, schema_editor):
    grant_permissions(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
