import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Value, When
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from accounts import bounds
from accounts.encryption import EncryptedTextField
from accounts.loading import QuickLoad
from accounts.models import OutboxStatus
from accounts.signals import UpdatesSignalled
from mentoring.availability import ALL_SLOTS
from mentoring.choices import InteractionApproach, LearningStyle
from mentoring.eligibility import (
    MIN_STATEMENT_LENGTH,
    Answers,
    Eligibility,
    eligibility,
    verdict_as_sent,
)
from mentoring.models.programmes import Grade, Programme, Theme


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waiting list"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


DECIDED = [ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED]

# Each status in a sentence: "This application is …", "already …".
STATUS_IN_WORDS = {
    ApplicationStatus.DRAFT: "a draft",
    ApplicationStatus.SUBMITTED: "waiting for a decision",
    ApplicationStatus.ACCEPTED: "accepted",
    ApplicationStatus.WAITLISTED: "on the waiting list",
    ApplicationStatus.DECLINED: "declined",
    ApplicationStatus.WITHDRAWN: "withdrawn",
}
# Applications the office may still accept: under review, or on the waiting list.
AWAITING_DECISION = [ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED]
# Applications a line manager's answer still matters to: those awaiting a decision (accepting
# one later needs the agreement). Once accepted, declined or withdrawn, the question is
# closed and the link records nothing.
LINE_MANAGER_STILL_ASKED = AWAITING_DECISION
# Applicants still in the running: they see the programme's events and can be briefed.
IN_PROGRAMME = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
]


def accepted_until_then(*, was_status: str, was_until, status: str, at: datetime):
    """`MentorApplication.accepted_until` once an application with `was_status` (and
    `was_until`) moves to `status` at `at`: the rule `accepted_until_after` writes in SQL,
    for the rows a service already holds."""
    if status == ApplicationStatus.ACCEPTED:
        return None
    return at if was_status == ApplicationStatus.ACCEPTED else was_until


def accepted_until_after(status: str, at: datetime):
    """`MentorApplication.accepted_until` as an update moving applications to `status` at
    `at` writes it (the expression reads each row's status before the update): cleared on
    acceptance, set to `at` for one that was accepted, else as it was."""
    if status == ApplicationStatus.ACCEPTED:
        return Value(None, output_field=models.DateTimeField())
    return Case(
        When(status=ApplicationStatus.ACCEPTED, then=Value(at)),
        default=F("accepted_until"),
        output_field=models.DateTimeField(),
    )


@dataclass(frozen=True)
class Needed:
    """One answer a sent application must have. `kind` is "set" (a yes/no or a choice from
    a table: not empty), "text" (at least `min_length` characters a reader sees:
    `bounds.visible_length`) or "slots" (at least one time ticked). With `when`, only
    needed if that yes/no question was answered yes."""

    name: str
    kind: str
    min_length: int = 1
    when: str | None = None

    def is_met(self, answers: Mapping) -> bool:
        if self.when and answers.get(self.when) is not True:
            return True
        value = answers.get(self.name)
        if self.kind == "set":
            return value is not None
        if self.kind == "slots":
            return bool(value)
        return bounds.visible_length(value or "") >= self.min_length

    def condition(self) -> Q:
        """The same test for the database. Text is not stripped there, nor are characters
        that show nothing left out, so the database is never stricter than `is_met`."""
        if self.kind == "set":
            met = Q(**{f"{self.name}__isnull": False})
        elif self.kind == "slots":
            met = Q(**{f"{self.name}__gt": 0})
        else:
            met = Q(GreaterThanOrEqual(Length(self.name), self.min_length))
        return met if self.when is None else ~Q(**{self.when: True}) | met


# The applicant's answers, in the order the form asks them (themes aside: many-to-many).
ANSWER_FIELDS = [
    "can_commit_time",
    "flexible_availability",
    "will_attend_briefing",
    "has_experiences",
    "experience_statement",
    "has_conflict",
    "conflict_details",
    "department",
    "grade",
    "learning_style",
    "interaction_approach",
    "availability",
    "bio",
    "qualities_reflection",
    "line_manager_name",
    "line_manager_email",
]


# What a sent application must contain: the one rule of completeness. The form marks what is
# missing from it, `application_submit` refuses an application that breaks it, and the
# constraint `application_sent_is_complete` holds every row that is not a draft to it.
# Two parts cannot be a row's check constraint, so only `missing_answers` checks them: the
# themes (another table) and the line manager's name and address (needed only when the
# programme, another row, asks for the line manager's agreement).
NEEDED_TO_SEND = [
    Needed("can_commit_time", "set"),
    Needed("flexible_availability", "set"),
    Needed("will_attend_briefing", "set"),
    Needed("has_experiences", "set"),
    Needed("experience_statement", "text", min_length=MIN_STATEMENT_LENGTH, when="has_experiences"),
    Needed("has_conflict", "set"),
    Needed("conflict_details", "text", when="has_conflict"),
    Needed("department", "text"),
    Needed("grade", "set"),
    Needed("learning_style", "text"),
    Needed("interaction_approach", "text"),
    Needed("availability", "slots"),
    Needed("bio", "text"),
    Needed("qualities_reflection", "text"),
]
LINE_MANAGER_ANSWERS = ["line_manager_name", "line_manager_email"]


def missing_answers(answers: Mapping, *, has_themes: bool, needs_line_manager: bool) -> list[str]:
    """The names of the answers a sent application needs and `answers` lacks."""
    missing = [needed.name for needed in NEEDED_TO_SEND if not needed.is_met(answers)]
    if not has_themes:
        missing.append("themes")
    if needs_line_manager:
        missing += [name for name in LINE_MANAGER_ANSWERS if not (answers.get(name) or "").strip()]
    return missing


def _sent_is_complete() -> Q:
    complete = Q(submitted_at__isnull=False, eligible__isnull=False)
    for needed in NEEDED_TO_SEND:
        complete &= needed.condition()
    return complete


class MentorApplicationQuerySet(UpdatesSignalled):
    def sent(self):
        """Everything but drafts: a draft is the applicant's own until they submit it."""
        return self.exclude(status=ApplicationStatus.DRAFT)

    def accepted(self):
        return self.filter(status=ApplicationStatus.ACCEPTED)

    def in_programme(self):
        return self.filter(status__in=IN_PROGRAMME)

    def taking_part(self):
        """In the programme, and not ruled out by their answers or by their line manager: the
        applications whose applicants come to the briefings and may be paired
        (`MentorApplication.takes_part`)."""
        return (
            self.in_programme()
            .exclude(eligible=False)
            .exclude(
                status__in=LINE_MANAGER_STILL_ASKED,
                programme__line_manager_agreement=True,
                line_manager_request__decision=LineManagerDecision.DECLINED,
            )
        )

    def may_yet_be_paired(self):
        """Taking part (`taking_part`) in a programme that has not ended: a mentor the office
        may still pair, as accepted mentors are paired again once a pair ends. Nobody is
        paired in a closed programme any more (`Programme.has_ended`)."""
        return self.taking_part().exclude(Programme.ended_q("programme"))

    def with_briefed(self, *, not_counting=(), not_exempting=()):
        """Annotate `is_briefed`: attended a briefing for mentors (or a joint one), or exempted."""
        from mentoring.models.events import Audience, briefed_expression

        return self.annotate(
            is_briefed=briefed_expression(
                person=OuterRef("applicant"),
                audience=Audience.MENTORS,
                not_counting=not_counting,
                not_exempting=not_exempting,
            )
        )


class MentorApplication(QuickLoad, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_applications"
    )
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    # Eligibility questions.
    can_commit_time = models.BooleanField(
        "Can you commit time to the programme?", null=True, blank=True
    )
    flexible_availability = models.BooleanField(
        "Is your availability flexible?", null=True, blank=True
    )
    will_attend_briefing = models.BooleanField(
        "Have you attended, or will you attend, the mentor briefing?", null=True, blank=True
    )
    has_experiences = models.BooleanField(
        "Is there something about working here, from your own experience or point of view, "
        "that you would talk about with a senior leader?",
        null=True,
        blank=True,
    )
    experience_statement = models.TextField(blank=True, max_length=bounds.STATEMENT)
    has_conflict = models.BooleanField(
        "Do you have a current conflict of interest with the organisation or its senior "
        "leadership?",
        null=True,
        blank=True,
    )
    conflict_details = models.TextField(blank=True, max_length=bounds.SHORT_TEXT)

    # Answers that matching uses.
    department = models.CharField(max_length=150, blank=True)
    grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    learning_style = models.CharField(max_length=12, choices=LearningStyle.choices, blank=True)
    interaction_approach = models.CharField(
        max_length=12, choices=InteractionApproach.choices, blank=True
    )
    availability = models.PositiveIntegerField(default=0)
    bio = models.TextField(
        "short bio to share with the board member they mentor", blank=True, max_length=bounds.BIO
    )
    qualities_reflection = models.TextField(
        "reflection on the key qualities", blank=True, max_length=bounds.STATEMENT
    )

    line_manager_name = models.CharField(max_length=150, blank=True)
    line_manager_email = models.EmailField(blank=True)

    # Set when the application is submitted; the answers cannot change after that. The
    # verdict it was sent under, told even if the criteria change since (`verdict`).
    eligible = models.BooleanField(null=True, editable=False)
    coordinator_notes = models.TextField(
        blank=True,
        max_length=bounds.NOTES,
        help_text=bounds.with_limit("Only coordinators see these notes.", bounds.NOTES),
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When an accepted application stopped being accepted (withdrawn, wait-listed or
    # declined); None while accepted, or if it never was. A survey open then had asked the
    # mentor, and counts them among those it asked whether or not they answered
    # (evaluation.audience): a count that kept only leavers who answered would tell who had.
    accepted_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = "mentor application"
        indexes = [
            # The admin's list pages through every programme's applications newest first: in
            # this order, PostgreSQL reads one page of them instead of sorting them all (3 ms
            # instead of 110 over the load bench's 5,000 applications).
            models.Index(
                fields=["-submitted_at", "-created_at", "-id"], name="application_newest_first"
            ),
            # The admin's department filter lists the departments of sent applications: read
            # from this index alone, not from every application (1 ms instead of 5 over the
            # load bench's 5,000).
            models.Index(
                fields=["department"],
                condition=~models.Q(status="draft") & ~models.Q(department=""),
                name="application_sent_departments",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "applicant"], name="application_one_per_person_per_programme"
            ),
            models.CheckConstraint(
                condition=Q(availability__lte=ALL_SLOTS), name="application_availability_in_range"
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT) | _sent_is_complete(),
                name="application_sent_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED) | Q(decided_at__isnull=False),
                name="application_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="application_withdrawal_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.ACCEPTED) | Q(accepted_until__isnull=True),
                name="application_accepted_until_only_once_left",
            ),
            bounds.text_length_constraint(
                "application",
                "experience_statement",
                "qualities_reflection",
                max_length=bounds.STATEMENT,
            ),
            bounds.text_length_constraint("application", "bio", max_length=bounds.BIO),
            bounds.text_length_constraint(
                "application", "conflict_details", max_length=bounds.SHORT_TEXT
            ),
            bounds.text_length_constraint(
                "application", "coordinator_notes", max_length=bounds.NOTES
            ),
        ]

    # What `__str__` reads of other rows, read at once where many are named together (the
    # admin's summary before deleting: accounts.admin_base.DeletionSummaryMixin).
    str_reads = ("applicant", "programme")

    def __str__(self):
        return f"{self.applicant} → {self.programme}"

    def audit_name(self) -> str:
        """What the audit trail calls the application (accounts.audit): who, for which
        programme; never its answers."""
        return f"{self.applicant}, {self.programme}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def status_in_words(self) -> str:
        """Where it stands, to follow "This application is": "on the waiting list"."""
        return STATUS_IN_WORDS[self.status]

    @property
    def standing_in_words(self) -> str:
        """Where it stands for the office, to follow "This application is": its status, or
        "waiting for the line manager's agreement" while that is what keeps it from being
        accepted."""
        if self.waits_for_line_manager:
            return "waiting for the line manager's agreement"
        return self.status_in_words

    def missing_answers(self) -> list[str]:
        """What this application still needs before it can be sent (NEEDED_TO_SEND)."""
        names = [needed.name for needed in NEEDED_TO_SEND] + LINE_MANAGER_ANSWERS
        # attname: the grade's id, without fetching the grade.
        answers = {name: getattr(self, self._meta.get_field(name).attname) for name in names}
        return missing_answers(
            answers,
            has_themes=self.pk is not None and self.themes.exists(),
            needs_line_manager=self.programme.line_manager_agreement,
        )

    @property
    def takes_part(self) -> bool:
        """Under review, accepted or waitlisted, and not ruled out by the answers or by the
        line manager (such an applicant will not be matched): the briefings and events are
        theirs. The same as `MentorApplicationQuerySet.taking_part`."""
        return (
            self.status in IN_PROGRAMME
            and self.eligible is not False
            and not self.line_manager_declined
        )

    @property
    def asks_line_manager(self) -> bool:
        """Whether sending it asks the line manager to agree (`application_submit`): in a
        programme that asks for their agreement, when the answers meet the criteria. The
        office can accept no other (`application_decision_problem`), so their answer could
        change nothing."""
        return self.programme.line_manager_agreement and self.verdict.eligible

    @property
    def line_manager_never_asked(self) -> bool:
        """In a programme that asks for the line manager's agreement, sent before it began
        to ask: no line manager was asked, and none can be (the office sends a request again,
        never a first one), so nobody can agree. The programme's form refuses the switch
        while such applications wait for a decision; one declined or accepted before it
        could still be decided again (`application_decision_problem` refuses)."""
        if not self.programme.line_manager_agreement:
            return False
        # The relation answers an AttributeError (DoesNotExist) for no request.
        return getattr(self, "line_manager_request", None) is None

    @property
    def line_manager_declined(self) -> bool:
        """Under review or on the waiting list, and the line manager the programme asks
        declined: the application cannot go on (accepting it needs their agreement)."""
        asked = self._asked_line_manager()
        return asked is not None and asked.decision == LineManagerDecision.DECLINED

    @property
    def waits_for_line_manager(self) -> bool:
        """Under review or on the waiting list, and the line manager the programme asks has
        not agreed yet, while the programme runs (`LineManagerRequest.is_open`)."""
        asked = self._asked_line_manager()
        return (
            asked is not None
            and asked.decision != LineManagerDecision.DECLINED
            and not self.line_manager_agreed
            and not self.programme.has_ended
        )

    def _asked_line_manager(self) -> "LineManagerRequest | None":
        """The line manager's request, while their answer still matters (the application
        under review or on the waiting list: `LINE_MANAGER_STILL_ASKED`) in a programme that
        asks for their agreement; None otherwise."""
        if self.status not in LINE_MANAGER_STILL_ASKED or not self.programme.line_manager_agreement:
            return None
        try:
            return self.line_manager_request
        except LineManagerRequest.DoesNotExist:
            return None

    @property
    def can_withdraw(self) -> bool:
        """Under review, waitlisted or taking part, in a programme not ended: once it has
        ended there is nothing left to withdraw from. `application_withdraw` asks it."""
        return self.status in IN_PROGRAMME and not self.programme.has_ended

    @property
    def line_manager_status(self) -> str:
        """The line manager's answer in words, the same for the applicant and coordinators."""
        try:
            request = self.line_manager_request
        except LineManagerRequest.DoesNotExist:
            return "Not asked"
        return request.status(self.programme.line_manager_silence_days)

    @property
    def line_manager_agreed(self) -> bool:
        """Agreed, or silent for long enough that silence counts as agreement."""
        try:
            request = self.line_manager_request
        except LineManagerRequest.DoesNotExist:
            return False
        return request.counts_as_agreed(self.programme.line_manager_silence_days)

    @property
    def answers(self) -> Answers:
        return Answers(
            can_commit_time=self.can_commit_time,
            flexible_availability=self.flexible_availability,
            will_attend_briefing=self.will_attend_briefing,
            has_experiences=self.has_experiences,
            experience_statement=self.experience_statement,
            has_conflict=self.has_conflict,
        )

    @property
    def eligibility(self) -> Eligibility:
        """Today's criteria applied to the answers: what sending it would record. Anything
        that tells a verdict reads `verdict`."""
        return eligibility(self.answers)

    @property
    def verdict(self) -> Eligibility:
        """The verdict the applicant, their status page, their emails and the office all read
        (`verdict_as_sent`): for a sent application, the one recorded when it was sent
        (`eligible`), which the office decides on, even if the criteria have changed since;
        for a draft, not sent yet, today's criteria applied to the answers saved."""
        return verdict_as_sent(self.eligible, self.answers)


class LineManagerDecision(models.TextChoices):
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


class LineManagerRequest(models.Model):
    """The applicant's line manager is asked to agree, through a single-use link."""

    application = models.OneToOneField(
        MentorApplication, on_delete=models.CASCADE, related_name="line_manager_request"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Kept (encrypted) so that a reminder carries the same link as the first email.
    token = EncryptedTextField(blank=True, editable=False)
    sent_at = models.DateTimeField(default=timezone.now)
    # The email that carried the current link: silence counts from its delivery, never while
    # it waits or after it failed (`silence_from`). Empty for requests from before it was
    # kept, or once the outbox row is gone: then from `sent_at`.
    message = models.OneToOneField(
        "accounts.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decision = models.CharField(max_length=8, choices=LineManagerDecision.choices, blank=True)
    reason = models.TextField(blank=True, max_length=bounds.SHORT_TEXT)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The address it went to has become one of the applicant's own since (they confirmed it
    # on their account), before any answer: nothing through its link, nor silence there, is
    # the line manager's (`unanswerable_because`). Set when the address is confirmed
    # (mentoring.receivers), so that every page and list reads it in the row, and kept: the
    # applicant removing the address afterwards does not make silence there count again. A
    # new link, to an address that is not theirs (`line_manager.resend_problem`), starts
    # without it.
    applicants_own = models.BooleanField(default=False, editable=False)

    # The answer is recorded by a queryset update, which the navigation hears of (a declined
    # applicant no longer takes part: mentoring.navigation).
    objects = UpdatesSignalled.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision="") & Q(answered_at__isnull=True))
                | (~Q(decision="") & Q(answered_at__isnull=False)),
                name="line_manager_answer_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(decision=LineManagerDecision.DECLINED) | ~Q(reason=""),
                name="line_manager_decline_has_reason",
            ),
            bounds.text_length_constraint(
                "line_manager_request", "reason", max_length=bounds.SHORT_TEXT
            ),
        ]

    def __str__(self):
        return f"Line manager of {self.application.applicant}"

    def audit_name(self) -> str:
        """The application it asks about, as the audit trail calls it (accounts.audit)."""
        return self.application.audit_name()

    @property
    def is_answered(self) -> bool:
        return bool(self.decision)

    @property
    def sent_mark(self) -> str:
        """Which sending of the request this is: what a page that offers to send it again
        posts back, so that a second click sends nothing. Drawn from the link, which every
        sending replaces (two sendings may share a clock reading, never a link); a digest of
        its hash, so the page carries nothing that opens it."""
        return hashlib.sha256(self.token_hash.encode()).hexdigest()[:16]

    @property
    def is_open(self) -> bool:
        """Not answered, and still asked (`LINE_MANAGER_STILL_ASKED`) in a programme that
        has not ended: the application may still be accepted. Once it is accepted, declined
        or withdrawn, or its programme closed, the question is closed, the link records
        nothing and nobody is sent it again."""
        application = self.application
        return (
            not self.decision
            and application.status in LINE_MANAGER_STILL_ASKED
            and not application.programme.has_ended
        )

    @property
    def undelivered(self) -> bool:
        """The email with the current link failed for good (a bounced address)."""
        return self.message is not None and self.message.status == OutboxStatus.FAILED

    @property
    def silence_from(self):
        """When the line manager's silence starts to count: the delivery of the email with
        the current link; None while it waits to go, or if it could not be delivered (nobody
        is taken to agree who was never asked). `sent_at` for a request whose email is not
        kept. The same rule in SQL: `silence_counted`."""
        if self.message is None:
            return self.sent_at
        return self.message.sent_at if self.message.status == OutboxStatus.SENT else None

    @property
    def unanswerable_because(self) -> str | None:
        """Why no answer through the link, nor silence, can be the line manager's, if so:
        its address is one the applicant confirmed as their own since (`applicants_own`), or
        one in quotation marks (kept from before every form refused one,
        `bounds.QUOTED_ADDRESS`), whose mailbox nobody can tell (the applicant's own, maybe).
        The phrase every message about it is built on (`line_manager.answer_refused`, the
        status, the office's decision). In SQL: `ANSWERABLE`."""
        if bounds.is_quoted_address(self.email):
            return (
                "the request went to an address with quotation marks or a backslash in it, "
                "which may reach the applicant's own mailbox"
            )
        if self.applicants_own:
            return "the request went to an address that now belongs to the applicant"
        return None

    # The requests an answer, or silence, can come through (`unanswerable_because`).
    ANSWERABLE = Q(applicants_own=False) & ~Q(email__contains='"') & ~Q(email__contains="\\")

    @staticmethod
    def silence_counted(days: int, now) -> Q:
        """The requests (of a programme with `days` of silence) whose silence counts by `now`,
        as a filter: `silence_counts`."""
        since = now - timedelta(days=days)
        delivered = Q(message__isnull=True, sent_at__lte=since) | Q(
            message__status=OutboxStatus.SENT, message__sent_at__lte=since
        )
        return delivered & LineManagerRequest.ANSWERABLE

    def silence_passed(self, silence_days: int | None, now=None) -> bool:
        """No answer, and long enough since the request reached the line manager that the
        programme takes silence as agreement, unless it cannot be theirs
        (`silence_counts`)."""
        now = now or timezone.now()
        started = self.silence_from
        return (
            not self.decision
            and bool(silence_days)
            and started is not None
            and now >= started + timedelta(days=silence_days)
        )

    def silence_counts(self, silence_days: int | None, now=None) -> bool:
        """Silence long enough (`silence_passed`) at an address whose silence is the line
        manager's (`unanswerable_because`): agreement. In SQL: `silence_counted`."""
        return self.silence_passed(silence_days, now) and self.unanswerable_because is None

    def counts_as_agreed(self, silence_days: int | None, now=None) -> bool:
        return self.decision == LineManagerDecision.AGREED or self.silence_counts(silence_days, now)

    def status(self, silence_days: int | None, now=None) -> str:
        """In words, for the coordinator and the applicant."""
        if self.decision:
            return self.get_decision_display()
        if self.unanswerable_because and self.is_open:
            return (
                f"No answer can be taken: {self.unanswerable_because} (the programme office "
                "sends the request again to the line manager's own address)"
            )
        if self.silence_counts(silence_days, now):
            return f"Agreed (no reply within {silence_days} days)"
        if self.undelivered and self.is_open:
            return (
                f"Not delivered to {self.email} (the programme office corrects the address and "
                "sends it again)"
            )
        if not self.is_open:
            if self.application.programme.has_ended:
                return "Closed without a reply (the programme has ended)"
            return (
                f"Closed without a reply (the application was {self.application.status_in_words})"
            )
        return "Waiting for a reply"
