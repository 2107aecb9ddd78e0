"""Is mail moving? The outbox by state, and when the reminder dispatcher last ran.

With --check it exits 1 when mail has stopped moving: an email stuck in sending, one waiting
far longer than a retry should take, a dispatcher that has not run for three of its
intervals (beat or every worker is down), or a kind of reminder that failed at its last
run. docker-compose uses it as beat's health check.
A failed email (a bounced address) is counted, not a failure of the service: the office
sees it in the admin and sends it again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min, Q
from django.utils import timezone
from redis import RedisError

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.reminders import reminders_failing
from mentoring.tasks import LAST_RUN_KEY


class Command(BaseCommand):
    help = "Show the email outbox and the reminder dispatcher's last run; --check fails on trouble."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit 1 if anything is wrong.")

    def handle(self, *args, check, **options):
        now = timezone.now()
        stuck_before = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
        late_before = now - timedelta(seconds=settings.OUTBOX_RETRY_MAX_SECONDS + 15 * 60)
        counts = OutboxMessage.objects.aggregate(
            pending=Count("pk", filter=Q(status=OutboxStatus.PENDING)),
            late=Count(
                "pk", filter=Q(status=OutboxStatus.PENDING, next_attempt_at__lt=late_before)
            ),
            sending=Count("pk", filter=Q(status=OutboxStatus.SENDING)),
            stuck=Count(
                "pk", filter=Q(status=OutboxStatus.SENDING, sending_since__lt=stuck_before)
            ),
            failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
            sent_today=Count(
                "pk", filter=Q(status=OutboxStatus.SENT, sent_at__gte=now - timedelta(days=1))
            ),
            oldest=Min("next_attempt_at", filter=Q(status=OutboxStatus.PENDING)),
        )
        oldest = counts.pop("oldest")
        waiting = f" (oldest due {timezone.localtime(oldest):%d %b %H:%M})" if oldest else ""
        self.stdout.write(
            f"Outbox: {counts['pending']} waiting{waiting}, {counts['sending']} sending, "
            f"{counts['stuck']} stuck, {counts['failed']} failed, "
            f"{counts['sent_today']} sent in the last 24 hours."
        )
        interval = settings.CELERY_BEAT_SCHEDULE["send-reminders"]["schedule"]
        cache_away = False
        try:
            last_run, failing = cache.get(LAST_RUN_KEY), reminders_failing()
        except RedisError:
            cache_away, last_run, failing = True, None, []
        if cache_away:
            self.stdout.write("Reminders: unknown, the cache (Redis) cannot be reached.")
        elif last_run:
            last_run = datetime.fromisoformat(last_run)
            self.stdout.write(
                f"Reminders: the dispatcher last ran {timezone.localtime(last_run):%d %b %Y %H:%M}."
            )
        else:
            self.stdout.write("Reminders: the dispatcher has not run yet.")
        for kind in failing:
            self.stdout.write(
                f'Reminders: "{kind.label}" failing since '
                f"{timezone.localtime(kind.since):%d %b %Y %H:%M} ({kind.error}; see the log)."
            )

        if not check:
            return
        problems = []
        if counts["stuck"]:
            problems.append(f"{counts['stuck']} email(s) stuck in sending")
        if counts["late"]:
            problems.append(f"{counts['late']} email(s) waiting long past their time (workers?)")
        if cache_away:
            problems.append("the cache (Redis) cannot be reached")
        elif not last_run or last_run < now - 3 * interval:
            problems.append("the reminder dispatcher has not run lately (beat or workers down?)")
        if failing:
            problems.append(f"{len(failing)} kind(s) of reminder failing")
        if problems:
            raise CommandError("; ".join(problems))
