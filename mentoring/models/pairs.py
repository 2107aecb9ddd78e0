"""What a pair shares beyond its meetings: the ground rules it agreed, the way out, and
each person's calendar feed."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accounts import bounds
from accounts.encryption import EncryptedTextField
from mentoring.models.matches import Match
from mentoring.models.programmes import Programme

DEFAULT_GROUND_RULES = """\
- What either of us says stays between the two of us, unless we both agree otherwise or \
someone is at risk of harm.
- The board member makes it safe for the mentor to say whatever needs saying, and does not \
hold it against them, now or later.
- We listen to understand before we respond, and we accept that discomfort is part of \
learning.
- We keep the meetings we book, and when one of us has to move a meeting we offer another \
time straight away.
- Either of us can end the pairing without giving a reason, and either of us can speak to \
the programme office in confidence."""


class GroundRulesQuerySet(models.QuerySet):
    def latest_for(self, programme: Programme):
        return self.filter(programme=programme).order_by("-version").first()


class GroundRules(models.Model):
    """One version of a programme's ground rules. A change is a new version; old versions
    are kept, because each agreement names the version it was given to."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="ground_rules")
    version = models.PositiveSmallIntegerField(editable=False)
    text = models.TextField(
        max_length=bounds.PAGE,
        help_text=bounds.with_limit("Markdown: paragraphs and lists.", bounds.PAGE),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = GroundRulesQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "-version"]
        verbose_name = "ground rules version"
        verbose_name_plural = "ground rules"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "version"], name="ground_rules_version_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="ground_rules_version_from_1"),
            bounds.text_length_constraint("ground_rules", "text", max_length=bounds.PAGE),
        ]

    def __str__(self):
        return f"{self.programme}: ground rules, version {self.version}"

    @property
    def is_the_default_agreed(self) -> bool:
        """The project's default text, recorded as version 1 when a pair first agreed to it
        (`ground_rules_current`): nobody in the office published it."""
        return (
            self.version == 1 and self.created_by_id is None and self.text == DEFAULT_GROUND_RULES
        )


class GroundRulesAgreementQuerySet(models.QuerySet):
    def to_the_latest(self):
        """Agreements to their programme's latest version: a new version asks every pair to
        agree again, so an agreement to an earlier one no longer counts as agreed."""
        latest = (
            GroundRules.objects.filter(programme=OuterRef("rules__programme"))
            .order_by("-version")
            .values("version")[:1]
        )
        return self.filter(rules__version=Subquery(latest))


class GroundRulesAgreement(models.Model):
    """Who agreed to which version of the rules, and when."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="agreements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rules = models.ForeignKey(GroundRules, on_delete=models.PROTECT, related_name="agreements")
    agreed_at = models.DateTimeField(default=timezone.now)

    objects = GroundRulesAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["agreed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "person", "rules"], name="ground_rules_agreed_once"
            )
        ]

    # What `__str__` reads of other rows (accounts.admin_base.DeletionSummaryMixin).
    str_reads = ("person", "rules__programme")

    def __str__(self):
        return f"{self.person} agreed to {self.rules}"


class PairRequestKind(models.TextChoices):
    END = "end", "Asked to end the pairing"
    CONCERN = "concern", "Raised a concern"


class PairRequestOutcome(models.TextChoices):
    ENDED = "ended", "Pairing ended"
    CONTINUED = "continued", "Pairing continues"
    # Decided after the pairing had ended some other way: the request was only closed.
    CLOSED = "closed", "Closed (the pairing had ended)"


class PairRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def asking_to_end(self):
        """Open requests to end the pairing. While one is with the office, nobody asks the
        pair to book their next meeting: not the asker's pages (`PairView.asked_to_end`; the
        partner's pages are unchanged, so as not to tell them), nor the reminders to book
        and their alerts to the office (mentoring.reminders.kinds). Meetings already booked
        keep their reminders. Declined, the request is closed and the asking resumes."""
        return self.open().filter(kind=PairRequestKind.END)


class PairRequest(models.Model):
    """A private word with the programme office: asking to end the pairing (no reason
    needed) or raising a concern. The other member of the pair never sees it."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=10, choices=PairRequestKind.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = EncryptedTextField(
        "note for the programme office", blank=True, help_text="Only the programme office reads it."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    outcome = models.CharField(
        max_length=10, choices=PairRequestOutcome.choices, blank=True, editable=False
    )

    objects = PairRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "request from a pair member"
        verbose_name_plural = "requests from pair members"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PairRequestKind.values), name="pair_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome="")
                | (Q(resolved_at__isnull=False) & ~Q(outcome="")),
                name="pair_request_resolved_has_outcome",
            ),
            models.UniqueConstraint(
                fields=["match", "raised_by", "kind"],
                condition=Q(resolved_at__isnull=True),
                name="pair_request_one_open_per_kind",
                violation_error_message="You have already sent this to the programme office.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.match}"

    def audit_name(self) -> str:
        """What the audit trail calls the request (accounts.audit): its kind and the pair,
        never its note."""
        return f"{self.get_kind_display()}: {self.match.audit_name()}"

    @property
    def left_open_by_ending(self) -> bool:
        """A concern about a pair still active. It is not a request to end, so deciding
        requests by ending their pairings leaves it open and its pair as it is: the office
        ends such a pair from the pair's own page, if it comes to that."""
        return self.kind == PairRequestKind.CONCERN and self.match.is_active


class PairHealth(Match):
    """The programme office's view of how pairs are doing: counts and dates, never content."""

    class Meta:
        proxy = True
        verbose_name = "pair health"
        verbose_name_plural = "programme health"


class CalendarFeed(models.Model):
    """A person's secret calendar address. The token is stored encrypted (the person can
    see their address again) and hashed (to find the feed without decrypting every row)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = EncryptedTextField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.person}"
