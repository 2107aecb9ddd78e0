from django.db import migrations

# The emails written to the programme office until each row said so itself: the kinds once
# listed as the office's (OFFICE_EMAILS, and the reminders `to_office`). Those still to go,
# or to be sent again, are the office's: they go only to someone still in it.
OFFICE_KINDS = [
    "mentoring/email/application_arrived",
    "mentoring/email/line_manager_agreed",
    "mentoring/email/mentor_withdrew",
    "mentoring/email/pair_request",
    "mentoring/email/account_deleted_pair_ended",
    "reminder: window_passed",
    "reminder: first_contact_office",
    "reminder: cancelled_twice",
    "reminder: line_manager_silent",
]
NOT_GONE = ["pending", "sending", "failed"]


def mark(apps, schema_editor):
    OutboxMessage = apps.get_model("accounts", "OutboxMessage")
    OutboxMessage.objects.filter(kind__in=OFFICE_KINDS, status__in=NOT_GONE).update(
        for_the_office=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0019_outbox_knows_an_email_is_for_the_office"),
        ("mentoring", "0043_applications_remember_when_they_stopped_being_accepted"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
