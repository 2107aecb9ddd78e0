from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, Expression, ExpressionWrapper, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from accounts import bounds
from accounts.loading import QuickLoad
from accounts.signals import UpdatesSignalled
from accounts.statements import Statement
from mentoring.approval import mailbox_in_sql
from mentoring.availability import ALL_SLOTS
from mentoring.choices import InteractionApproach, LearningStyle
from mentoring.models.programmes import Programme, ProgrammeStatus, Theme
from mentoring.pairing import Pairing, pairing_stands


class Board(QuickLoad, models.Model):
    """An executive board board members sit on, e.g. "President's Board"."""

    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


PROFILE_FIELDS = [
    "board",
    "role_title",
    "department",
    "learning_goals",
    "themes",
    "learning_style",
    "interaction_approach",
    "availability",
    "bio",
]


# What matching needs from a board member's profile. One list, read by the database check,
# by the service that saves a profile and by the profile's own `answers_complete`.
NEEDED_FOR_MATCHING = [
    "board",
    "department",
    "learning_goals",
    "learning_style",
    "interaction_approach",
    "availability",
]


# Whether a programme's matching needs at least one theme of each board member too: asked of
# the app that matches, which registers its rule (matching.apps: themes weighed Mandatory,
# which blocks a pair sharing none); mentoring never imports it. The profile form then asks
# for a theme, so that no profile is "complete" that no pair could be made from. Each rule is
# a condition in SQL on the programme whose id `programme` (an expression) gives, so that it
# is read with what else is read of the programme (`with_themes_needed`) or alone: a
# condition of a subquery of its own, which reads the programme's id through `OuterRef`.
THEMES_NEEDED: list[Callable[[Expression], Expression]] = []


def themes_needed_condition(programme: OuterRef) -> Expression:
    """Whether any rule needs a theme of the board members of the programme whose id
    `programme` refers to (the row's around the rule's own query)."""
    rules = Q()
    for rule in THEMES_NEEDED:
        rules |= Q(rule(programme))
    return ExpressionWrapper(rules, output_field=models.BooleanField()) if rules else Value(False)


def _themes_needed_in(programme: int):
    return (
        Programme.objects.filter(pk=programme)
        .annotate(needed=themes_needed_condition(OuterRef("pk")))
        .values_list("needed", flat=True)
    )


# SQL worked out once per process (accounts.statements), once matching has registered its rule.
_THEMES_NEEDED_IN = Statement(_themes_needed_in)


def themes_needed(programme_id: int) -> bool:
    return next(iter(_THEMES_NEEDED_IN.fetch(programme=programme_id)), False)


def needs_a_theme(member: "BoardMember") -> bool:
    """Whether `member`'s programme needs a theme of them (`themes_needed`): as read with
    them (`BoardMemberQuerySet.with_themes_needed`, as their profile page reads them), else
    asked. What `profile_is_complete` is given, and what makes the profile form ask for one."""
    needed = getattr(member, "themes_needed", None)
    return themes_needed(member.programme_id) if needed is None else needed


# A profile that breaks `profile_is_complete`'s theme part, in SQL: it names no theme
# (`profiles_without_a_theme_reopened` reopens those, once their programme needs one).
NAMES_NO_THEME = Q(themes__isnull=True)


def profile_is_complete(member: "BoardMember", themes, *, theme_needed: bool) -> bool:
    """The one rule of a complete profile, wherever it is saved (the board member's page, the
    office's): every answer matching needs (`answers_complete`, as the database checks) and,
    when their programme needs one (`theme_needed`: `needs_a_theme`), at least one of
    `themes`. A row's check cannot hold the themes (another table, and a setting of the app
    that matches), so every writer of a profile asks this."""
    return member.answers_complete() and (not theme_needed or bool(themes))


def _answered(name: str) -> Q:
    if name == "board":
        return Q(board__isnull=False)
    if name == "availability":
        return Q(availability__gt=0)
    return ~Q(**{name: ""})


PROFILE_COMPLETE = Q()
for _name in NEEDED_FOR_MATCHING:
    PROFILE_COMPLETE &= _answered(_name)


def _waiting_for_a_mentor() -> Q:
    """Joined, with an account still open and a complete profile, and still to be matched
    (`_still_to_be_matched`)."""
    return Q(user__is_active=True, profile_completed_at__isnull=False) & _still_to_be_matched()


def _still_to_be_matched() -> Q:
    """In no active pair, and with no pair of this programme ended as completed: a pairing
    that ran its course is not offered a new mentor (one ended as withdrawn or to rematch
    is). Whether they have joined, their account and their profile aside: a place not yet
    joined is still to be matched once it is."""
    from mentoring.models.matches import Match, MatchStatus

    in_a_pair = Match.objects.filter(board_member=OuterRef("pk"), status=MatchStatus.ACTIVE)
    return ~Exists(in_a_pair) & ~_pairing_completed()


def _may_yet_be_paired() -> Q:
    """Still to be matched (`_still_to_be_matched`) in a programme that has not ended: nobody
    is paired in a closed programme any more (`Programme.has_ended`)."""
    return _still_to_be_matched() & ~Programme.ended_q("programme")


def _pairing_completed() -> Exists:
    """A pair of the board member's (the outer row) ended as completed: their pairing ran
    its course, and no new mentor is offered (nor proposed, `matching.services`)."""
    from mentoring.models.matches import EndReason, Match, MatchStatus

    return Exists(
        Match.objects.filter(
            board_member=OuterRef("pk"), status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED
        )
    )


class BoardMemberQuerySet(UpdatesSignalled):
    def joined(self):
        return self.filter(user__isnull=False)

    def for_user(self, user):
        return self.filter(user=user)

    def waiting_to_join(self):
        """Places not joined yet in a programme that still takes board members: those a new
        invitation link, or the address confirmed, joins. A closed programme takes none
        (`mentoring.services.mentees.why_no_board_member_joins`, `Programme.has_ended`, read
        here as `Programme.ended_q`)."""
        return self.filter(user__isnull=True).exclude(Programme.ended_q("programme"))

    def removable(self):
        """Those who never joined and were never proposed a pair (`BoardMember.is_removable`)."""
        return self.filter(user__isnull=True, matches__isnull=True)

    def waiting_for_a_mentor(self):
        """The board members the match board lists as still to be matched (and the start
        page counts): see `_waiting_for_a_mentor`."""
        return self.filter(_waiting_for_a_mentor())

    def still_to_be_matched(self):
        """Those a mentor is still to come for, complete profile or not: see
        `_still_to_be_matched`."""
        return self.filter(_still_to_be_matched())

    def may_yet_be_paired(self):
        """Those a mentor may still come for: see `_may_yet_be_paired`."""
        return self.filter(_may_yet_be_paired())

    def most_relevant_first(self):
        """A person's memberships, the one their pages speak of when no programme is named
        first (the profile, the pair and meetings pages of someone not paired): in a running
        programme whose pairing has not run its course, then one being prepared, then one
        whose pairing ran its course, then one closed; the newest invitation first within
        each. A later cohort, being prepared or closed since, never hides the programme
        where their next step is."""
        active = Q(programme__status=ProgrammeStatus.ACTIVE)
        return self.order_by(
            Case(
                When(active & ~_pairing_completed(), then=0),
                When(programme__status=ProgrammeStatus.DRAFT, then=1),
                When(active, then=2),
                default=3,
            ),
            "-invited_at",
            "-pk",
        )

    def with_pairing(self):
        """Annotate what `BoardMember.pairing` reads: `paired`, in an active pair;
        `may_be_paired`, a mentor may still come (`may_yet_be_paired`); `was_paired`, a pair
        of theirs has ended."""
        from mentoring.models.matches import Match

        pairs = Match.objects.filter(board_member=OuterRef("pk"))
        return self.annotate(
            paired=Exists(pairs.active()),
            may_be_paired=ExpressionWrapper(
                _may_yet_be_paired(), output_field=models.BooleanField()
            ),
            was_paired=Exists(pairs.ended()),
        )

    def with_themes_needed(self):
        """Annotate `themes_needed`: whether their programme needs a theme of them
        (`themes_needed`), read with them."""
        return self.annotate(themes_needed=themes_needed_condition(OuterRef("programme_id")))

    def with_pairing_completed(self):
        """Annotate `pairing_completed` (`_pairing_completed`), as the board's rule reads it."""
        return self.annotate(pairing_completed=_pairing_completed())

    def with_briefed(self, *, not_counting=(), not_exempting=()):
        """Annotate `is_briefed`: attended a briefing for board members (or a joint one), or
        exempted."""
        from mentoring.models.events import Audience, briefed_expression

        return self.annotate(
            is_briefed=briefed_expression(
                person=OuterRef("user"),
                audience=Audience.BOARD_MEMBERS,
                not_counting=not_counting,
                not_exempting=not_exempting,
            )
        )


class BoardMember(QuickLoad, models.Model):
    """A senior leader taking part in a programme as a mentee, and their profile.

    Created when a coordinator invites them; `user` is filled in when they accept
    (or at once, if the address already had an account), and `joined_at` with it: from then
    on they take part (e.g. a survey asks them only if they joined before it closed).
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="board_members")
    email = models.EmailField(help_text="The address the invitation went to.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board_memberships",
    )
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True)
    role_title = models.CharField("role", max_length=150, blank=True)
    department = models.CharField(max_length=150, blank=True)
    learning_goals = models.TextField("what they want to learn", blank=True, max_length=bounds.BIO)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    learning_style = models.CharField(max_length=12, choices=LearningStyle.choices, blank=True)
    interaction_approach = models.CharField(
        max_length=12, choices=InteractionApproach.choices, blank=True
    )
    availability = models.PositiveIntegerField(default=0)
    bio = models.TextField(
        "short bio to share with their mentor", blank=True, max_length=bounds.BIO
    )

    invited_at = models.DateTimeField(default=timezone.now, editable=False)
    joined_at = models.DateTimeField(null=True, blank=True, editable=False)
    profile_completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "email"]
        verbose_name = "board member"
        # Whose mailbox a place was invited at is found from the person's mailboxes, not by
        # reading the whole board (mentoring.selectors.mailboxes).
        indexes = [models.Index(mailbox_in_sql("email"), name="board_member_mailbox")]
        constraints = [
            models.UniqueConstraint(
                "programme",
                Lower("email"),
                name="board_member_one_per_email_per_programme",
                violation_error_message="This person is already a board member in this programme.",
            ),
            models.UniqueConstraint(
                fields=["programme", "user"],
                condition=Q(user__isnull=False),
                name="board_member_one_per_user_per_programme",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=True, joined_at__isnull=True)
                | Q(user__isnull=False, joined_at__isnull=False),
                name="board_member_joined_when_linked",
            ),
            models.CheckConstraint(
                condition=Q(availability__lte=ALL_SLOTS), name="board_member_availability_in_range"
            ),
            models.CheckConstraint(
                condition=Q(profile_completed_at__isnull=True) | PROFILE_COMPLETE,
                name="board_member_complete_profile_is_complete",
            ),
            bounds.text_length_constraint(
                "board_member", "learning_goals", "bio", max_length=bounds.BIO
            ),
        ]

    # What `__str__` reads of other rows (accounts.admin_base.DeletionSummaryMixin).
    str_reads = ("user",)

    def __str__(self):
        return self.user.full_name if self.user_id else self.email

    def audit_name(self) -> str:
        """What the audit trail calls the place (accounts.audit): whose (their name, or the
        address invited while they have not joined), in which programme; kept beside the row,
        so that a place removed is still named."""
        return f"{self}, {self.programme}"

    @property
    def has_joined(self) -> bool:
        return self.user_id is not None

    @property
    def is_removable(self) -> bool:
        """Never joined and never proposed a pair (an address added by mistake): the office
        may take them out of the programme (`board_member_remove`). Anyone else is part of
        its record."""
        # `removable()`, for one place: from its matches as read with it, where a page that
        # lists many places read them all at once.
        return not self.has_joined and not self.matches.exists()

    @property
    def pairing(self) -> Pairing:
        """Where they stand with a mentor in this programme, from what `with_pairing` read."""
        return pairing_stands(
            paired=self.paired, may_be_paired=self.may_be_paired, was_paired=self.was_paired
        )

    @property
    def is_profile_complete(self) -> bool:
        return self.profile_completed_at is not None

    def answers_complete(self) -> bool:
        """Every answer matching needs is given (NEEDED_FOR_MATCHING, as the database checks)."""
        return all(
            getattr(self, "board_id" if name == "board" else name) for name in NEEDED_FOR_MATCHING
        )

    def profile_completeness(self) -> int:
        """Percentage of the profile's questions answered."""
        answered = sum(
            1
            for name in PROFILE_FIELDS
            if (self.themes.all() if name == "themes" else getattr(self, name))
        )
        return round(100 * answered / len(PROFILE_FIELDS))
