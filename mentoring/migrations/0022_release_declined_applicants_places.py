"""Applicants whose line manager declined before a refusal gave their places back
(mentoring.services.line_managers.line_manager_answer) still held places at their
programme's mentor events to come, which their pages no longer show and which reminders
would still announce: give those places back, as a refusal now does."""

from django.db import migrations
from django.utils import timezone


def release(apps, schema_editor):
    MentorApplication = apps.get_model("mentoring", "MentorApplication")
    Registration = apps.get_model("mentoring", "Registration")
    now = timezone.now()
    ruled_out = MentorApplication.objects.filter(
        status="submitted",
        programme__line_manager_agreement=True,
        line_manager_request__decision="declined",
    ).values_list("applicant_id", "programme_id")
    for applicant_id, programme_id in ruled_out:
        Registration.objects.filter(
            person_id=applicant_id,
            status="registered",
            event__programme_id=programme_id,
            event__audience__in=["mentors", "joint"],
            event__starts_at__gt=now,
        ).update(status="cancelled", updated_at=now)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0021_application_sent_departments")]

    operations = [migrations.RunPython(release, migrations.RunPython.noop, elidable=True)]
