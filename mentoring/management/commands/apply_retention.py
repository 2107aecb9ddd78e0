"""Delete what ended pairs wrote once their programme's retention period has passed, as
Celery beat does hourly (mentoring.services.retention). `--dry-run` lists what would go."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from mentoring.services.retention import notes_apply_retention


class Command(BaseCommand):
    help = (
        "Delete the notes, action steps' text and shared purpose of pairs that ended longer "
        "ago than their programme's retention period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run, **options):
        result = notes_apply_retention(dry_run=dry_run)
        if not dry_run:
            self.stdout.write(
                f"Deleted what {result.pairs} ended pair(s) wrote: {result.notes} meeting "
                f"note(s) and the text of {result.action_steps} action step(s)."
            )
            return
        if not result.due:
            self.stdout.write("Dry run: nothing is due for deletion.")
            return
        self.stdout.write(
            f"Dry run: would delete what {result.pairs} ended pair(s) wrote "
            f"({result.notes} meeting note(s), {result.action_steps} action step(s)):"
        )
        for pair in result.due:
            ended = timezone.localtime(pair.ended_at)
            self.stdout.write(
                f"  pair #{pair.pk} in {pair.programme}, ended {ended:%d %b %Y}: "
                f"{pair.notes} note(s), {pair.action_steps} action step(s)"
            )
