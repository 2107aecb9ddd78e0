"""Sending a line manager's request again to a corrected address had kept both addresses in
the audit trail; the trail keeps values only of plain facts, so the field is now named alone
(mentoring.services.line_managers), and rows written before lose the addresses here. The
trail is append-only (accounts 0006's trigger, on PostgreSQL): this correction of personal
data is the one change made to its rows, with the trigger off for it alone."""

from django.db import migrations

TRIGGER = "accounts_auditevent_append_only"


def forget_addresses(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    requests = ContentType.objects.filter(app_label="mentoring", model="linemanagerrequest")
    events = list(
        AuditEvent.objects.filter(content_type__in=requests, changes__email__has_key="old").only(
            "changes"
        )
    )
    if not events:
        return
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(f"ALTER TABLE accounts_auditevent DISABLE TRIGGER {TRIGGER}")
    for event in events:
        event.changes["email"] = {}
        event.save(update_fields=["changes"])
    if postgresql:
        schema_editor.execute(f"ALTER TABLE accounts_auditevent ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_audit_trail_records_an_event_called_off"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mentoring", "0036_theme_name_taken_in_words"),
    ]

    operations = [migrations.RunPython(forget_addresses, migrations.RunPython.noop)]
