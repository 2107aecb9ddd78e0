"""Answers get random ids, like responses, and free text stamped with the day only.

Sequential answer ids followed the order in which people answered, and so do the
participations' ids: lining the two up would tie a person to their answers. And the Fernet
token of a free-text answer carried the second it was written. Nothing points at an answer,
so the answers are copied, in a random order, with random ids and their text encrypted
again with the day's stamp, to a new table that takes the old one's place.
"""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models

import evaluation.fields

FIELDS = ["response_id", "question_id", "number", "picks", "text"]


def _copy(source, target):
    rows = list(source.objects.all())
    random.SystemRandom().shuffle(rows)
    target.objects.bulk_create(
        (target(**{name: getattr(row, name) for name in FIELDS}) for row in rows),
        batch_size=1000,
    )


def to_random_ids(apps, schema_editor):
    _copy(apps.get_model("evaluation", "Answer"), apps.get_model("evaluation", "RandomAnswer"))


def to_sequential_ids(apps, schema_editor):
    _copy(apps.get_model("evaluation", "RandomAnswer"), apps.get_model("evaluation", "Answer"))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_coordinator_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="RandomAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("number", models.SmallIntegerField(blank=True, null=True)),
                ("picks", models.JSONField(blank=True, null=True)),
                ("text", evaluation.fields.DayStampedEncryptedTextField(blank=True)),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="evaluation.question",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="evaluation.response",
                    ),
                ),
            ],
        ),
        migrations.RunPython(to_random_ids, to_sequential_ids),
        migrations.DeleteModel(name="Answer"),
        migrations.RenameModel(old_name="RandomAnswer", new_name="Answer"),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="evaluation.question",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="evaluation.response",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(fields=("response", "question"), name="answer_once"),
        ),
    ]
