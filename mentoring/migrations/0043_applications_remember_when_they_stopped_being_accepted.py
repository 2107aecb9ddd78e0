"""Applications remember when they stopped being accepted (`accepted_until`), so that a survey
counts a mentor who left while it was open whether or not they answered. Those that left
before this are filled in by evaluation's migration 0012 (it reads who answered surveys)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0042_event_online_link_as_long_as_a_meetings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorapplication",
            name="accepted_until",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="mentorapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "accepted"), _negated=True),
                    ("accepted_until__isnull", True),
                    _connector="OR",
                ),
                name="application_accepted_until_only_once_left",
            ),
        ),
    ]
