from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0032_set_aside_doubled_meetings"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["proposed", "confirmed"])),
                fields=("match", "starts_at"),
                name="meeting_one_to_come_per_start",
                violation_error_message="Your pair already has a meeting at this time.",
            ),
        ),
    ]
