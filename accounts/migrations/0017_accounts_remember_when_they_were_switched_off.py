"""Accounts remember when they were switched off (`deactivated_at`), so that a survey counts
someone who left while it was open whether or not they answered. For an account switched
off before this, the day is known only if it was deleted; otherwise it is taken as now: such
a person still counts in a survey open today (as they did if they answered, so no rate
passes 100%), and in none that opens later."""

from django.db import migrations, models
from django.db.models.functions import Coalesce, Now


def remember_who_was_switched_off(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_active=False).update(deactivated_at=Coalesce("deleted_at", Now()))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0016_outbox_says_why_an_email_waits"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="deactivated_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="switched off"
            ),
        ),
        migrations.RunPython(remember_who_was_switched_off, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("deactivated_at__isnull", True), ("is_active", True)),
                    models.Q(("deactivated_at__isnull", False), ("is_active", False)),
                    _connector="OR",
                ),
                name="user_switched_off_has_date",
            ),
        ),
    ]
