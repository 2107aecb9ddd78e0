from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Expression, F, Q, Subquery
from django.utils import timezone

from accounts import bounds
from accounts.encryption import EncryptedTextField
from accounts.loading import QuickLoad
from accounts.signals import UpdatesSignalled
from mentoring.models.applications import MentorApplication
from mentoring.models.mentees import BoardMember
from mentoring.models.programmes import Programme, ProgrammeStatus

# A partner who has since deleted their account has no name left (accounts anonymises it:
# `User.is_deleted`), so the pages, the calendar and the person's own data speak of them in
# these words, never with the placeholder name the account keeps. The person deleting their
# account is promised exactly these words (`partner_told_of_deletion`).
PARTNER_DELETED = "your partner, who has since deleted their account"
PARTNER_DELETED_NOTE = "your partner has since deleted their account"


def partner_told_of_deletion() -> str:
    """What the partner of a pair ended by an account's deletion learns of it, as the
    deleting person's confirmation page, its list of who is emailed and the programme
    office's email say it: the email they get (`pair_left`), then what their pages say."""
    return (
        "emailed that the pairing has ended, and from then on their pages say "
        f"“{PARTNER_DELETED_NOTE}”"
    )


def partner_name(partner) -> str:
    """How one member of a pair names the other: by their name, or as `PARTNER_DELETED`."""
    return PARTNER_DELETED if partner.is_deleted else partner.full_name


def partner_short_name(partner) -> str:
    """The partner addressed in passing ("agree it with Jonathan"), or "your partner"."""
    return "your partner" if partner.is_deleted else partner.get_short_name()


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REMATCHED = "rematched", "Rematched"


class IdIn(Expression):
    """`column IN (subquery)`, written for PostgreSQL as `column = ANY(ARRAY(subquery))`.

    A pair is found from either side ("the person is its mentor OR its board member"). An OR
    of two joins made PostgreSQL join every pair of every programme before filtering, and an
    OR of two `IN (subquery)` made it expect half the pairs and join as much: 18 ms for one
    person's pairs among the load bench's 2,000. As an array, each subquery runs once, first,
    and the pairs are read through their index: well under a millisecond."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, queryset):
        super().__init__()
        self.column, self.subquery = F(column), Subquery(queryset)

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, expressions):
        self.column, self.subquery = expressions

    def as_sql(self, compiler, connection, template="%s IN %s"):
        column, column_params = compiler.compile(self.column)
        subquery, subquery_params = compiler.compile(self.subquery)
        return template % (column, subquery), (*column_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%s = ANY(ARRAY%s)")


class MatchQuerySet(UpdatesSignalled):
    def active(self):
        return self.filter(status=MatchStatus.ACTIVE)

    def proposed(self):
        return self.filter(status=MatchStatus.PROPOSED)

    def ended(self):
        return self.filter(status=MatchStatus.ENDED)

    def paired(self):
        """Pairs as their people see them: active or ended. Never proposals, which are the
        programme office's until confirmed (`visible_to`; whether a part was ever paired)."""
        return self.filter(status__in=[MatchStatus.ACTIVE, MatchStatus.ENDED])

    def reminded(self):
        """The pairs whose reminders go out, the nudges among them (mentoring.reminders.kinds):
        active, in a programme still running. Closing a programme ends no pair, but stops its
        reminders (`mentoring.reminders._checked`)."""
        return self.active().filter(programme__status=ProgrammeStatus.ACTIVE)

    def current(self):
        return self.filter(status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE])

    def with_member(self, user):
        """Every pair the person is in, on either side, whatever its status (see IdIn)."""
        return self._on_either_side("", user)

    def with_any_member(self, people):
        """Every pair any of `people` (or their ids) is in: `with_member`, for many at once."""
        return self._on_either_side("__in", people)

    def _on_either_side(self, lookup: str, people):
        applications = MentorApplication.objects.filter(**{f"applicant{lookup}": people})
        memberships = BoardMember.objects.filter(**{f"user{lookup}": people})
        return self.filter(
            IdIn("mentor", applications.order_by().values("pk"))
            | IdIn("board_member", memberships.order_by().values("pk"))
        )

    def for_user(self, user):
        """Active pairs the person is in, as mentor or as board member."""
        return self.active().with_member(user)

    def visible_to(self, user):
        """Pairs the person is or was in: active, then ended (read-only). Never proposals,
        which are the programme office's until confirmed."""
        return self.with_member(user).paired()


# What the pair wrote for itself, and who wrote it when: the programme office's lists never
# filter pairs by it (`?purpose=` would tell which pairs have written one).
CONFIDENTIAL_FIELDS = ("purpose", "purpose_updated_by", "purpose_updated_at")


# What the pair keeps of its own, through the pair: its meetings (their logs and notes),
# its action steps and its agreements to the ground rules (which programme health says in a
# column of its own, `rules_agreed`, never by a filter on them).
CONFIDENTIAL_RELATIONS = ("meetings", "action_steps", "agreements")


def filters_confidential(lookup: str) -> bool:
    """Whether an admin list's lookup (`purpose__isnull`, `purpose_updated_by__id__exact`,
    `action_steps__isnull`) reads one of the pair's CONFIDENTIAL_FIELDS, or narrows the pairs
    by what they keep of their own (CONFIDENTIAL_RELATIONS): whether they wrote action
    steps, what their meetings' logs say."""
    return lookup.split("__")[0] in (*CONFIDENTIAL_FIELDS, *CONFIDENTIAL_RELATIONS)


# A shorter retention period the office saves deletes an ended pair's notes no sooner than
# this after its members are emailed the new date (`Match.notes_kept_until`).
NOTES_NOTICE = timedelta(days=7)


def notes_deleted_on(
    *, ended_at: datetime | None, days: int | None, kept_until: datetime | None
) -> datetime | None:
    """The one rule of when what an ended pair wrote is deleted: `days` (the programme's
    retention period) after the pairing ended, but not before `kept_until`, the notice its
    members were given of a shorter period (`Match.notes_kept_until`). None while it runs,
    or when the programme keeps notes (`days` None). The daily run says it in SQL
    (`mentoring.services.retention.notes_due_for_deletion`)."""
    if ended_at is None or days is None:
        return None
    due = ended_at + timedelta(days=days)
    return max(due, kept_until) if kept_until is not None else due


class Match(QuickLoad, models.Model):
    """A pair: an accepted mentor and a board member of the same programme.

    Proposed by a coordinator (or the optimal assignment), then active once the
    coordinator confirms it, then ended (completed, withdrawn or rematched).
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="matches")
    mentor = models.ForeignKey(MentorApplication, on_delete=models.PROTECT, related_name="matches")
    board_member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.PositiveSmallIntegerField(help_text="Compatibility when proposed, 0 to 100.")
    reasons = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    end_note = models.TextField(
        blank=True,
        max_length=bounds.SHORT_TEXT,
        help_text=bounds.limit_text(bounds.SHORT_TEXT),
    )

    # The pair's shared purpose: confidential to the two of them (encrypted at rest).
    purpose = EncryptedTextField(blank=True)
    purpose_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose_updated_at = models.DateTimeField(null=True, blank=True)
    # When the retention period deleted what the pair wrote (mentoring.services.retention).
    notes_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Not deleted before this: set when the office shortened the retention period after the
    # pairing ended, so that its members, emailed the new date, have notice of it
    # (mentoring.services.retention.notes_retention_shortened).
    notes_kept_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-activated_at", "-proposed_at"]
        # "Pair" everywhere people read it; proposals are listed with the pairs.
        verbose_name = "pair"
        verbose_name_plural = "pairs"
        indexes = [
            # The admin's list of pairs, newest first (the ordering, and the id Django adds):
            # in this order PostgreSQL reads one page of pairs and their people, instead of
            # joining and sorting every pair (0.6 ms instead of 26 over the load bench's
            # 2,000 pairs).
            models.Index(
                fields=["-activated_at", "-proposed_at", "-id"], name="match_newest_first"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["board_member"],
                condition=Q(status=MatchStatus.ACTIVE),
                name="match_one_active_per_board_member",
                violation_error_message="This board member is already in a pair.",
            ),
            models.UniqueConstraint(
                fields=["board_member"],
                condition=Q(status=MatchStatus.PROPOSED),
                name="match_one_proposal_per_board_member",
                violation_error_message="This board member is already proposed with a mentor.",
            ),
            models.UniqueConstraint(
                fields=["mentor", "board_member"],
                condition=Q(status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE]),
                name="match_pair_once_at_a_time",
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="match_score_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.PROPOSED)
                | Q(activated_at__isnull=True, ended_at__isnull=True, end_reason=""),
                name="match_proposed_is_not_started",
            ),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.ACTIVE)
                | Q(activated_at__isnull=False, ended_at__isnull=True, end_reason=""),
                name="match_active_has_started",
            ),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.ENDED)
                | (Q(ended_at__isnull=False) & ~Q(end_reason="")),
                name="match_ended_has_date_and_reason",
            ),
            bounds.text_length_constraint("match", "end_note", max_length=bounds.SHORT_TEXT),
        ]

    # What `__str__` reads of other rows (accounts.admin_base.DeletionSummaryMixin).
    str_reads = ("mentor__applicant", "board_member__user")

    def __str__(self):
        return f"{self.mentor.applicant} and {self.board_member}"

    def audit_name(self) -> str:
        """What the audit trail calls the pair (accounts.audit): its two people."""
        return str(self)

    @property
    def is_active(self) -> bool:
        return self.status == MatchStatus.ACTIVE

    @property
    def ran_its_course(self) -> bool:
        """Ended as completed: the pairing ran its course. Its board member is offered no
        new partner in the programme (in SQL: `mentees._pairing_completed`); its mentor may
        still be proposed again by the office (`MentorApplicationQuerySet.may_yet_be_paired`
        reads no ending), but is told of a place held in a later programme
        (`place_elsewhere`), as the board member is. One ended as withdrawn or to rematch is
        not: its board member is still to be matched
        (`BoardMemberQuerySet.still_to_be_matched`) while the programme runs on."""
        return self.status == MatchStatus.ENDED and self.end_reason == EndReason.COMPLETED

    @property
    def mentor_user(self):
        return self.mentor.applicant

    @property
    def board_member_user(self):
        return self.board_member.user

    @property
    def notes_delete_after(self) -> datetime | None:
        """When what the pair wrote is due to be deleted (`notes_deleted_on`). None while it
        runs, or when the programme keeps notes."""
        return notes_deleted_on(
            ended_at=self.ended_at,
            days=self.programme.notes_retention_days,
            kept_until=self.notes_kept_until,
        )

    @property
    def notes_deletion_due(self) -> bool:
        """Its retention period has passed, but the daily run (`notes_apply_retention`, or a
        shorter period the office just saved) has not deleted what it wrote yet: the pairs
        that run deletes (`notes_due_for_deletion`, the same rule in SQL). Every page that
        says when the notes go asks this, never its own date sums."""
        due = self.notes_delete_after
        return due is not None and due <= timezone.now() and self.notes_deleted_at is None

    def side_of(self, user) -> str:
        """ "mentor" or "board_member": which side of the pair the person is on."""
        return "mentor" if self.mentor.applicant_id == user.pk else "board_member"

    def partner_of(self, user):
        """The pair's other person for `user` in it (said in SQL for the pairs' query by
        mentoring.selectors.pairs._partner_of, alike)."""
        return self.board_member.user if self.side_of(user) == "mentor" else self.mentor.applicant
