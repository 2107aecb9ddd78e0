"""Before a pair may have only one meeting still to come per start (0033): a pair with two
at one start (from before the services checked it under the pair's lock) keeps the first
booked one, or the first proposed; the other is set aside as not taken up, by nobody, with
the reason its page shows, and calendars cancel it with the next file (SEQUENCE moves on)."""

from django.db import migrations
from django.db.models import Count, F
from django.utils import timezone

UPCOMING = ["proposed", "confirmed"]
SET_ASIDE = "your pair had two meetings at this time, and the other one stands."


def set_aside_duplicates(apps, schema_editor):
    Meeting = apps.get_model("mentoring", "Meeting")
    upcoming = Meeting.objects.filter(status__in=UPCOMING)
    doubled = (
        upcoming.values("match_id", "starts_at").annotate(n=Count("pk")).filter(n__gt=1).order_by()
    )
    now = timezone.now()
    for group in doubled:
        same = upcoming.filter(match_id=group["match_id"], starts_at=group["starts_at"])
        # Booked before proposed ("confirmed" sorts first), then the first made.
        kept, *others = same.order_by("status", "pk")
        for meeting in others:
            meeting.status = "dropped"
            meeting.cancelled_by = None
            meeting.cancelled_at = now
            meeting.change_reason = SET_ASIDE  # encrypted by the field, as any reason
            meeting.sequence = F("sequence") + 1
            meeting.save(
                update_fields=[
                    "status",
                    "cancelled_by",
                    "cancelled_at",
                    "change_reason",
                    "sequence",
                    "updated_at",
                ]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0031_events_can_be_called_off"),
    ]

    operations = [migrations.RunPython(set_aside_duplicates, migrations.RunPython.noop)]
