from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts import bounds
from mentoring.models.events import Event
from mentoring.models.programmes import Programme

SUBJECT_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000


class CohortAudience(models.TextChoices):
    MENTORS = "mentors", "Accepted mentors"
    BOARD_MEMBERS = "board_members", "Board members who have joined"
    EVENT = "event", "People registered for an event"
    PAIRS = "pairs", "Members of active pairs"


class CohortMessage(models.Model):
    """A record that the programme office wrote to a group of a programme, sent through the
    outbox. `token` is the compose form's: a second submit of the same form sends nothing."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohort_messages"
    )
    audience = models.CharField(max_length=14, choices=CohortAudience.choices)
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField()
    token = models.UUIDField(unique=True, editable=False)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "message to a group"
        verbose_name_plural = "messages to a group"
        constraints = [
            models.CheckConstraint(
                condition=Q(audience=CohortAudience.EVENT, event__isnull=False)
                | (~Q(audience=CohortAudience.EVENT) & Q(event__isnull=True)),
                name="cohort_message_event_only_for_event_audience",
            ),
            bounds.text_length_constraint("cohort_message", "body", max_length=BODY_MAX_LENGTH),
        ]

    def __str__(self):
        return self.subject

    @property
    def audience_in_words(self) -> str:
        if self.audience == CohortAudience.EVENT and self.event_id:
            return f"People registered for {self.event}"
        return self.get_audience_display()
