"""Applicants the office declined, or put on the waiting list, before a decision gave their
places back (mentoring.services.decisions) still held places their pages no longer show and
reminders would still announce: at their programme's mentor and joint events to come if
declined, at its sessions besides the briefings if wait-listed. Give those places back, as
a decision now does (without its email: calendars keep the entry until the event passes)."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def release(apps, schema_editor):
    MentorApplication = apps.get_model("mentoring", "MentorApplication")
    Registration = apps.get_model("mentoring", "Registration")
    now = timezone.now()
    decided = MentorApplication.objects.filter(status__in=["declined", "waitlisted"])
    for applicant_id, programme_id, status in decided.values_list(
        "applicant_id", "programme_id", "status"
    ):
        places = Registration.objects.filter(
            person_id=applicant_id,
            status="registered",
            event__programme_id=programme_id,
            event__audience__in=["mentors", "joint"],
            event__starts_at__gt=now,
            event__called_off_at__isnull=True,
        )
        if status == "waitlisted":
            places = places.exclude(event__kind="briefing")
        places.update(status="cancelled", sequence_offset=F("sequence_offset") + 1, updated_at=now)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0040_one_proposal_per_board_member")]

    operations = [migrations.RunPython(release, migrations.RunPython.noop, elidable=True)]
