"""A survey reminder called off because the person had answered said so ("The person has
answered the survey since."), and the office reads that reason in the reminder and outbox
lists: who answered is nobody's business. Those reasons, and the one for a person no longer
asked (which would otherwise tell the two apart), now read as the dispatcher writes them."""

from django.db import migrations

OLD = [
    "The person has answered the survey since.",
    "The person is no longer asked to answer this survey.",
]
NEW = "No longer needed."


def say_nothing_of_answers(apps, schema_editor):
    OutboxMessage = apps.get_model("accounts", "OutboxMessage")
    OutboxMessage.objects.filter(cancelled_reason__in=OLD).update(cancelled_reason=NEW)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_audit_trail_records_an_event_called_off"),
        ("evaluation", "0007_question_options_bounded"),
    ]

    operations = [
        migrations.RunPython(say_nothing_of_answers, migrations.RunPython.noop, elidable=True),
    ]
