from django.contrib.auth.hashers import check_password
from django.db import migrations, models

# The published password of `manage.py seed_demo` (config/management/commands/seed_demo.py),
# copied: a migration keeps the value it was written with.
DEMO_PASSWORD = "demo-mentoring-2026"


def mark_demo_accounts(apps, schema_editor):
    """Accounts seeded before they were marked: whoever still has the published password."""
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(email__endswith="@example.org").only("pk", "password"):
        if check_password(DEMO_PASSWORD, user.password):
            User.objects.filter(pk=user.pk).update(is_demo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_audit_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_demo",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Made by seed_demo, with a published password: signs in only with DEBUG on.",
                verbose_name="demo account",
            ),
        ),
        migrations.RunPython(mark_demo_accounts, migrations.RunPython.noop),
    ]
