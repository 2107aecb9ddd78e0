from django.db import migrations, models


def _mailbox(address):
    # mentoring.approval.mailbox, as it was: `maya+boss@…` reaches `maya@…`.
    return address.strip().rsplit("@", 1)[0].split("+", 1)[0].lower()


def mark_requests_at_own_addresses(apps, schema_editor):
    """Unanswered requests whose address is already one of the applicant's own (their
    sign-in address, or one added and confirmed), a deleted account's excepted (its requests
    hold the anonymised address it signs in with): marked as the receivers mark them from now
    on (mentoring.services.line_managers.line_manager_requests_at_own_address)."""
    LineManagerRequest = apps.get_model("mentoring", "LineManagerRequest")
    EmailAddress = apps.get_model("account", "EmailAddress")
    asked = list(
        LineManagerRequest.objects.filter(
            decision="", application__applicant__deleted_at__isnull=True
        ).values_list("pk", "email", "application__applicant_id", "application__applicant__email")
    )
    if not asked:
        return
    own = {}
    for _pk, _email, applicant, signs_in in asked:
        own.setdefault(applicant, {_mailbox(signs_in)})
    added = EmailAddress.objects.filter(user__in=list(own), verified=True)
    for user, address in added.values_list("user", "email"):
        own[user].add(_mailbox(address))
    marked = [
        pk
        for pk, email, applicant, _ in asked
        if email.strip() and _mailbox(email) in own[applicant]
    ]
    LineManagerRequest.objects.filter(pk__in=marked).update(applicants_own=True)


class Migration(migrations.Migration):
    dependencies = [
        ("account", "0009_emailaddress_unique_primary_email"),
        ("mentoring", "0053_match_notes_kept_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="linemanagerrequest",
            name="applicants_own",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_requests_at_own_addresses, migrations.RunPython.noop),
    ]
