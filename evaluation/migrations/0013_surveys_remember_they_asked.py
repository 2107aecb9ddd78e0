from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def asked_so_far(apps, schema_editor):
    """Before this, a survey had asked once it opened with a question: each that has, or that
    anyone answered, is taken as asking from its opening."""
    Survey = apps.get_model("evaluation", "Survey")
    Question = apps.get_model("evaluation", "Question")
    Participation = apps.get_model("evaluation", "Participation")
    Survey.objects.filter(
        Q(Exists(Participation.objects.filter(survey=OuterRef("pk"))))
        | Q(
            Exists(Question.objects.filter(survey=OuterRef("pk"))),
            opens_at__lte=timezone.now(),
        )
    ).update(asked_at=models.F("opens_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0012_applications_that_left_remember_they_were_accepted"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="asked_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(asked_so_far, migrations.RunPython.noop),
    ]
