"""A department the office corrected in People had kept the application's department, old and
new, in the audit trail; a department is typed text, which the trail keeps by name only, and
outlived the person's account there. The field is now named alone
(mentoring.services.applications.department_follows), and rows written before lose the
departments here, with the trigger off for it alone, as in 0037."""

from django.db import migrations

TRIGGER = "accounts_auditevent_append_only"


def forget_departments(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    applications = ContentType.objects.filter(app_label="mentoring", model="mentorapplication")
    events = list(
        AuditEvent.objects.filter(
            content_type__in=applications, changes__department__has_key="old"
        ).only("changes")
    )
    if not events:
        return
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(f"ALTER TABLE accounts_auditevent DISABLE TRIGGER {TRIGGER}")
    for event in events:
        event.changes["department"] = {}
        event.save(update_fields=["changes"])
    if postgresql:
        schema_editor.execute(f"ALTER TABLE accounts_auditevent ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0020_audit_trail_records_coordinators_and_emails_sent_again"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mentoring", "0045_board_places_found_by_mailbox"),
    ]

    operations = [migrations.RunPython(forget_departments, migrations.RunPython.noop)]
