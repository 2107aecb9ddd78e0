from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0011_reminders_once_per_person"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="notify_office_of_applications",
            field=models.BooleanField(
                default=True,
                help_text="Each submitted application is announced to the programme office "
                "email (or, without one, to each coordinator), with a link to review it.",
                verbose_name="email the office when an application arrives",
            ),
        ),
    ]
