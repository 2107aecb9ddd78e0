from django.db import migrations
from django.utils import timezone


def asked_nobody(apps, schema_editor):
    """Before this, a survey that closed without ever asking (`Survey.closed_unasked`) was
    counted as it closed as asking everyone of its audience: it asked nobody."""
    Survey = apps.get_model("evaluation", "Survey")
    Survey.objects.filter(
        closes_at__lte=timezone.now(), asked_at__isnull=True, invited_counted_at__isnull=False
    ).update(invited_mentors=0, invited_board_members=0)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0013_surveys_remember_they_asked"),
    ]

    operations = [
        migrations.RunPython(asked_nobody, migrations.RunPython.noop),
    ]
