"""The reminder log: one row per reminder decided, so each goes out exactly once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts import bounds
from accounts.models import OutboxMessage
from accounts.recipients import shown_recipient
from mentoring.models.programmes import Programme


def reminder_email_kind(name: str) -> str:
    """The outbox's kind of the emails of the reminder kind `name`."""
    return f"reminder: {name}"


class Reminder(models.Model):
    """A reminder of one kind, about one thing, to one person (or address), for one due date.

    The unique key is written in the transaction that decides to send, with the email
    itself (mentoring.reminders): two dispatchers at once, or one run twice, insert it once.
    A meeting moved to another day is a new due date, so it is reminded of again.
    """

    kind = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField(help_text="The meeting, pair, event or application.")
    to = models.EmailField("to", max_length=bounds.ADDRESS_MAX)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="reminders", null=True, blank=True
    )
    message = models.OneToOneField(
        OutboxMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminder",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "reminder"
        verbose_name_plural = "reminder log"
        constraints = [
            # Once per person (whatever address they have by then), or per address for
            # those without an account here: the office's address, a line manager.
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "due_on"],
                condition=Q(recipient__isnull=False),
                name="reminder_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id", "to", "due_on"],
                condition=Q(recipient__isnull=True),
                name="reminder_once_per_address",
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="reminder_newest")]

    def __str__(self):
        to = shown_recipient(reminder_email_kind(self.kind), self.to)
        return f"{self.kind} to {to} ({self.due_on:%d %b %Y})"
