from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from accounts import bounds
from accounts.loading import QuickLoad
from accounts.signals import UpdatesSignalled

DEFAULT_NOTES_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Bounds:
    """The values a programme's number setting may take: stated beside the field (`str`),
    refused in the admin's form in plain words (`refused`) and by the database
    (`constraint`). Beyond them a reminder would never come, or the column would overflow
    (PostgreSQL refuses a small integer past 32,767 with its own words)."""

    low: int
    high: int
    unit: str
    # For a setting that may be left empty: what that means, after "leave it empty".
    empty: str = ""

    def __str__(self) -> str:
        return f"{self.low:,} to {self.high:,} {self.unit}"

    @property
    def refused(self) -> str:
        between = f"Enter between {self.low:,} and {self.high:,} {self.unit}"
        return f"{between}, or leave it empty {self.empty}." if self.empty else f"{between}."

    def constraint(self, field: str) -> models.CheckConstraint:
        within = Q(**{f"{field}__gte": self.low, f"{field}__lte": self.high})
        return models.CheckConstraint(
            condition=within | Q(**{f"{field}__isnull": True}) if self.empty else within,
            name=f"programme_{field}_within_bounds",
            violation_error_message=self.refused,
        )


# Every number setting of a programme, one place for its bounds.
SETTING_BOUNDS = {
    "meeting_minutes": Bounds(15, 240, "minutes"),
    "gap_min_weeks": Bounds(1, 26, "weeks"),
    "gap_max_weeks": Bounds(1, 26, "weeks"),
    "line_manager_silence_days": Bounds(1, 60, "days", empty="to wait for an explicit answer"),
    # The first reminder comes before the last, so a day later at the earliest.
    "remind_days_before": Bounds(2, 30, "days"),
    "remind_days_before_last": Bounds(1, 29, "days"),
    "log_reminder_days_after": Bounds(1, 30, "days"),
    "first_contact_days": Bounds(1, 90, "days"),
    "line_manager_reminder_days": Bounds(1, 30, "days"),
    "survey_min_group_size": Bounds(3, 50, "people"),
    "notes_retention_days": Bounds(1, 3650, "days", empty="to keep the notes"),
}


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not published)"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


# The day a programme begins, as its order reads it (`newest_first`): the day it starts,
# or for one not dated yet the day it was made. `Programme.begins_on` in Python.
_BEGUN = Coalesce("starts_on", TruncDate("created_at"))


class ProgrammeQuerySet(UpdatesSignalled):
    def published(self):
        return self.exclude(status=ProgrammeStatus.DRAFT)

    def active(self):
        return self.filter(status=ProgrammeStatus.ACTIVE)

    def newest_first(self):
        """Newest first: by the day each starts, or for one not dated yet the day it was made
        (a NULL start would sort first on PostgreSQL and last on SQLite, so an undated pilot
        could stay "current" beside a dated cohort after it)."""
        return self.order_by(_BEGUN.desc(), "-created_at")

    def newest_active(self):
        """Active programmes, newest first (`newest_first`)."""
        return self.active().newest_first()

    def recruiting(self):
        """Active programmes taking applications from mentors (`Programme.is_recruiting`),
        newest first: /apply/ offers a choice among them when more than one recruits."""
        return self.newest_active().filter(recruitment_open=True)

    def current(self):
        """The programme the home page and /apply/ are about: the newest active one."""
        return self.newest_active().first()

    def written_to(self):
        """The programmes the office may write to a group of, newest first: the active ones,
        and those closed with pairs still meeting (closing ends no pair)."""
        from mentoring.models.matches import Match, MatchStatus

        still_paired = Exists(
            Match.objects.filter(programme=OuterRef("pk"), status=MatchStatus.ACTIVE)
        )
        return self.filter(
            Q(status=ProgrammeStatus.ACTIVE) | (Programme.ended_q() & still_paired)
        ).newest_first()


def chosen_programme(programmes: list, chosen: int | None):
    """Of `programmes` (newest first, as `newest_first` orders them), the one whose id is
    `chosen`, None when it is not among them; when nothing is chosen, the current one: the
    newest not closed, else the newest. The office's pages that work on one programme at a
    time (the start page, a group message) choose it with `?programme=` this way."""
    if chosen:
        return next((each for each in programmes if each.pk == chosen), None)
    return next((each for each in programmes if not each.has_ended), None) or next(
        iter(programmes), None
    )


@dataclass(frozen=True)
class ActionFigures:
    """What the programme report may say of the action steps in a programme's pairs'
    confidential logs: how many were recorded and how many reviewed as done, with how many
    pairs recorded any and how many reviewed any (each figure is shown only once enough pairs
    gave to it). Counted by `mentoring.models.meetings.action_figures`; a closed programme
    keeps those of its closing (`Programme.actions_at_close`)."""

    recorded: int = 0
    completed: int = 0
    pairs_recorded: int = 0
    pairs_reviewed: int = 0


# Each of `ActionFigures`, and the field a closed programme keeps it in.
ACTION_FIGURES_AT_CLOSE = {
    "recorded": "actions_recorded_at_close",
    "completed": "actions_completed_at_close",
    "pairs_recorded": "pairs_recording_actions_at_close",
    "pairs_reviewed": "pairs_reviewing_at_close",
}


@dataclass(frozen=True)
class StatusMoves:
    """The statuses a programme may be saved with, from the one it has (`status_moves`), and
    why any other is not offered ("" when each is): said beside the status, and as the
    refusal of a status posted anyway."""

    statuses: tuple[str, ...]
    refused: str = ""

    @property
    def recruitment_may_change(self) -> bool:
        # Only an active programme recruits (a check): with no way to be active, its
        # recruitment stays closed.
        return ProgrammeStatus.ACTIVE in self.statuses


def status_moves(saved: str | None, *, people_take_part: bool) -> StatusMoves:
    """Where a programme saved as `saved` (None: not saved yet) may go: a closed programme
    nowhere, an active one that people take part in (`people_take_part`) not back to a
    draft; any other anywhere."""
    if saved == ProgrammeStatus.CLOSED:
        # It has ended, and its people were told so: its reminders, matching and
        # applications do not start again under them.
        return StatusMoves(
            (ProgrammeStatus.CLOSED,),
            "This programme has closed: it has ended for everyone in it, and does not open "
            "again. Set up the next cohort as a new programme.",
        )
    if saved == ProgrammeStatus.ACTIVE and people_take_part:
        # Back to draft, the programme's page would be gone for everyone in it and every
        # reminder of its pairs would stop, with nobody told: closing it is the way to end it.
        return StatusMoves(
            (ProgrammeStatus.ACTIVE, ProgrammeStatus.CLOSED),
            "People have applied to this programme or been invited to it, so it cannot go "
            "back to a draft: their pages and reminders would vanish. Close it instead, or "
            "close its recruitment.",
        )
    return StatusMoves(tuple(ProgrammeStatus))


# Each section of a programme's public page.
PAGE_SECTION = {"max_length": bounds.PAGE, "help_text": bounds.limit_text(bounds.PAGE)}
# The public page's sections below the summary, as declared below.
PAGE_SECTIONS = [
    "about",
    "who_can_apply",
    "mentor_benefits",
    "commitment",
    "key_qualities",
    "contact",
]


class Programme(QuickLoad, models.Model):
    """A cohort of the scheme, e.g. "Reverse Mentoring 2026/27" (its name is said inside
    sentences: "a mentor in …"), with its public content and settings."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    organisation = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    starts_on = models.DateField(null=True, blank=True, validators=[bounds.validate_sensible_date])
    ends_on = models.DateField(null=True, blank=True, validators=[bounds.validate_sensible_date])

    recruitment_open = models.BooleanField(
        default=False, help_text="Mentors can submit applications. Only for an active programme."
    )
    recruitment_closed_message = models.TextField(
        blank=True,
        max_length=bounds.SHORT_TEXT,
        default=(
            "We are not recruiting mentors at the moment. We will open recruitment again "
            "once we have evaluated and learnt from the current cohort."
        ),
        help_text=bounds.with_limit(
            "Shown instead of the call to apply while recruitment is closed.", bounds.SHORT_TEXT
        ),
    )

    # Public content, in a safe subset of Markdown (paragraphs, lists, emphasis, links).
    summary = models.TextField(
        blank=True,
        max_length=bounds.SHORT_TEXT,
        help_text=bounds.with_limit(
            "One or two sentences at the top of the page.", bounds.SHORT_TEXT
        ),
    )
    about = models.TextField("what reverse mentoring is", blank=True, **PAGE_SECTION)
    who_can_apply = models.TextField("who can be a mentor", blank=True, **PAGE_SECTION)
    mentor_benefits = models.TextField("benefits for the mentor", blank=True, **PAGE_SECTION)
    commitment = models.TextField("level of commitment", blank=True, **PAGE_SECTION)
    key_qualities = models.TextField("key qualities of a mentor", blank=True, **PAGE_SECTION)
    contact = models.TextField(blank=True, **PAGE_SECTION)

    meeting_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)",
        default=60,
        help_text=f"How long a one-to-one meeting lasts: {SETTING_BOUNDS['meeting_minutes']}.",
    )
    gap_min_weeks = models.PositiveSmallIntegerField(
        "shortest gap between meetings (weeks)",
        default=6,
        help_text=f"{SETTING_BOUNDS['gap_min_weeks']}.",
    )
    gap_max_weeks = models.PositiveSmallIntegerField(
        "longest gap between meetings (weeks)",
        default=8,
        help_text=f"At least the shortest gap; {SETTING_BOUNDS['gap_max_weeks']}.",
    )

    holiday_country = models.CharField(
        "public holidays of (country code)",
        max_length=3,
        default="GB",
        help_text="ISO code, e.g. GB, IE, US. Planned meetings avoid these holidays and weekends.",
    )
    holiday_subdivision = models.CharField(
        "region",
        max_length=10,
        blank=True,
        default="ENG",
        help_text="For example ENG, SCT, WLS or NIR for the United Kingdom; empty for none.",
    )

    line_manager_agreement = models.BooleanField(
        "ask for line-manager agreement",
        default=False,
        help_text="Applicants name their line manager, who is asked to agree: meetings "
        "happen in work time.",
    )
    line_manager_silence_days = models.PositiveSmallIntegerField(
        "silence counts as agreement after (days)",
        null=True,
        blank=True,
        help_text=f"{SETTING_BOUNDS['line_manager_silence_days']}. Leave empty to wait for an "
        "explicit answer.",
    )

    # Reminders (mentoring.reminders): who the office is, and when people hear from us.
    office_email = models.EmailField(
        "programme office email",
        blank=True,
        help_text="Alerts about pairs go here, and every email names it as the contact. "
        "Empty: alerts go to each coordinator.",
    )
    notify_office_of_applications = models.BooleanField(
        "email the office when an application arrives",
        default=True,
        help_text="Each submitted application is announced to the programme office email "
        "(or, without one, to each coordinator), with a link to review it, and again when "
        "its line manager agrees.",
    )
    remind_days_before = models.PositiveSmallIntegerField(
        "first meeting reminder (days before)",
        default=7,
        help_text="Both members are reminded this many days before a booked meeting: "
        f"{SETTING_BOUNDS['remind_days_before']}…",
    )
    remind_days_before_last = models.PositiveSmallIntegerField(
        "last meeting reminder (days before)",
        default=1,
        help_text="…and again this many, fewer than the first: "
        f"{SETTING_BOUNDS['remind_days_before_last']}.",
    )
    log_reminder_days_after = models.PositiveSmallIntegerField(
        "ask to log a meeting (days after)",
        default=2,
        help_text=f"{SETTING_BOUNDS['log_reminder_days_after']}.",
    )
    first_contact_days = models.PositiveSmallIntegerField(
        "first meeting nudge (days after pairing)",
        default=7,
        help_text="With nothing booked by then, both are nudged and the office told: "
        f"{SETTING_BOUNDS['first_contact_days']}, within the longest gap between meetings.",
    )
    line_manager_reminder_days = models.PositiveSmallIntegerField(
        "remind a silent line manager after (days)",
        default=7,
        help_text=f"{SETTING_BOUNDS['line_manager_reminder_days']}.",
    )

    survey_min_group_size = models.PositiveSmallIntegerField(
        "survey minimum group size",
        default=5,
        help_text="Evaluation results of a group smaller than this are withheld: "
        f"{SETTING_BOUNDS['survey_min_group_size']}.",
    )

    # Confidentiality: what a pair wrote is deleted this long after the pairing ends
    # (mentoring.services.retention, run hourly). Empty keeps it.
    notes_retention_days = models.PositiveSmallIntegerField(
        "delete a pair's notes after (days)",
        null=True,
        blank=True,
        default=DEFAULT_NOTES_RETENTION_DAYS,
        help_text="Meeting notes, action steps, reviews, reasons for changes and the shared "
        "purpose of an ended pairing are deleted this many days after it ended "
        f"({SETTING_BOUNDS['notes_retention_days']}). "
        "Leave empty to keep them. Dates, counts and statuses stay for the report.",
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the office closed it (stamped by `save`): the report's action step figures count
    # what the pairs recorded up to then, so that a pair still meeting after it changes
    # nothing the office can read (evaluation.report._actions).
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The report's action step figures as they stood at the closing (`ActionFigures`,
    # counted by `save` as it stamps `closed_at`), so that nothing a pair does after it moves
    # them: a step added, removed, or its review deleted as an earlier meeting is re-logged as
    # not held. Counts only, never what a step says.
    actions_recorded_at_close = models.PositiveIntegerField(null=True, blank=True, editable=False)
    actions_completed_at_close = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pairs_recording_actions_at_close = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    pairs_reviewing_at_close = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        indexes = [
            # The admin's list of board members follows its programmes' order (newest first),
            # then the address: read in this order, the programmes lead PostgreSQL to sort only
            # the board members of the programmes a page reaches, instead of joining and
            # sorting them all (the first page 2.5 ms instead of 7 to 14 over the load
            # bench's 2,000 board members).
            models.Index(fields=["-starts_on", "-created_at"], name="programme_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recruitment_open=False) | Q(status=ProgrammeStatus.ACTIVE),
                name="programme_recruits_only_when_active",
                violation_error_message="Recruitment can only be open for an active programme.",
            ),
            models.CheckConstraint(
                condition=Q(gap_min_weeks__gte=1) & Q(gap_max_weeks__gte=models.F("gap_min_weeks")),
                name="programme_gap_window_valid",
                violation_error_message=(
                    "The longest gap between meetings must be at least the shortest, and "
                    "both at least a week."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
                violation_error_message="The programme must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(status=ProgrammeStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=ProgrammeStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="programme_closed_at_exactly_when_closed",
                violation_error_message="A programme has a closing time exactly when it is closed.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=ProgrammeStatus.CLOSED,
                    **{f"{name}__isnull": False for name in ACTION_FIGURES_AT_CLOSE.values()},
                    **{f"{name}__gte": 0 for name in ACTION_FIGURES_AT_CLOSE.values()},
                )
                | (
                    ~Q(status=ProgrammeStatus.CLOSED)
                    & Q(**{f"{name}__isnull": True for name in ACTION_FIGURES_AT_CLOSE.values()})
                ),
                name="programme_action_figures_exactly_when_closed",
                violation_error_message=(
                    "A programme keeps its action step figures exactly when it is closed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(remind_days_before__gt=models.F("remind_days_before_last"))
                & Q(remind_days_before_last__gte=1),
                name="programme_meeting_reminders_in_order",
                violation_error_message=(
                    "The first meeting reminder comes before the last, and the last at least "
                    "a day before the meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(first_contact_days__lt=models.F("gap_max_weeks") * 7),
                name="programme_first_nudge_inside_first_window",
                violation_error_message=(
                    "The first meeting nudge must come before the longest gap between meetings "
                    "has passed."
                ),
            ),
            *(limits.constraint(field) for field, limits in SETTING_BOUNDS.items()),
            bounds.text_length_constraint(
                "programme", "recruitment_closed_message", "summary", max_length=bounds.SHORT_TEXT
            ),
            bounds.text_length_constraint("programme", *PAGE_SECTIONS, max_length=bounds.PAGE),
            bounds.date_range_constraint("programme", "starts_on", "ends_on", dates=True),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Stamp `closed_at` as the programme becomes closed, whichever way it is saved (the
        admin's form, a command, a test), and keep the report's action step figures as they
        stand then, counted in the same transaction as the save; clear both should it ever be
        saved otherwise (`status_moves` offers no way back, but the database checks hold
        either way)."""
        is_closed = self.status == ProgrammeStatus.CLOSED
        if is_closed == (self.closed_at is not None):
            super().save(*args, **kwargs)
            return
        from mentoring.models.meetings import action_figures

        with transaction.atomic():
            self.closed_at = timezone.now() if is_closed else None
            figures = None
            if is_closed:
                # A programme created closed has no pairs yet (and an unsaved one cannot be
                # filtered on).
                figures = action_figures(self, up_to=self.closed_at) if self.pk else ActionFigures()
            for figure, name in ACTION_FIGURES_AT_CLOSE.items():
                setattr(self, name, getattr(figures, figure) if figures else None)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "closed_at",
                    *ACTION_FIGURES_AT_CLOSE.values(),
                }
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme_detail", args=[self.slug])

    @property
    def actions_at_close(self) -> ActionFigures | None:
        """The action step figures kept as the programme closed; None while it is open."""
        if self.closed_at is None:
            return None
        return ActionFigures(
            **{figure: getattr(self, name) for figure, name in ACTION_FIGURES_AT_CLOSE.items()}
        )

    @property
    def contact_email(self) -> str:
        """The address people are told to write to: the office's own, or the site's."""
        return self.office_email or settings.PROGRAMME_OFFICE_EMAIL

    def clean(self):
        super().clean()
        # Codes are upper case in the holidays package: "gb" is GB.
        self.holiday_country = self.holiday_country.strip().upper()
        self.holiday_subdivision = self.holiday_subdivision.strip().upper()
        supported = holidays.list_supported_countries()
        if self.holiday_country not in supported:
            raise ValidationError(
                {
                    "holiday_country": "We do not know the public holidays of this country. "
                    "Use a two-letter code such as GB or IE."
                }
            )
        regions = supported[self.holiday_country]
        if self.holiday_subdivision and self.holiday_subdivision not in regions:
            choices = get_text_list(regions[:12], "or") + (", …" if len(regions) > 12 else "")
            raise ValidationError(
                {
                    "holiday_subdivision": f"{self.holiday_country} has no region "
                    f"{self.holiday_subdivision}: leave it empty for the whole country"
                    + (f", or use {choices}." if regions else ".")
                }
            )

    def is_public_holiday(self, day: date) -> bool:
        """Whether `day` is one of the programme's public holidays (the `holidays` package),
        whatever its year."""
        return day in _public_holidays(self.holiday_country, self.holiday_subdivision, day.year)

    @property
    def is_published(self) -> bool:
        return self.status != ProgrammeStatus.DRAFT

    @property
    def is_recruiting(self) -> bool:
        return self.status == ProgrammeStatus.ACTIVE and self.recruitment_open

    @property
    def has_ended(self) -> bool:
        """Closed by the programme office: over, not paused (recruitment reopens only in an
        active programme), so its pages promise nothing more of it. Queries read it as
        `ended_q`."""
        return self.status == ProgrammeStatus.CLOSED

    @property
    def begins_on(self):
        """The day it begins, as `ProgrammeQuerySet.newest_first` orders by: the day it
        starts, or for one not dated yet the day it was made (in the current time zone, as
        the query truncates it)."""
        return self.starts_on or timezone.localdate(self.created_at)

    def is_later_than(self, programme: "Programme") -> bool:
        """Whether it comes after `programme` in `ProgrammeQuerySet.newest_first`'s order:
        beginning on a later day (`begins_on`), or made after it when they begin on the same
        day. Two made at the same moment on the same day are neither later than the other."""
        return (self.begins_on, self.created_at) > (programme.begins_on, programme.created_at)

    @staticmethod
    def ended_q(via: str = "") -> Q:
        """`has_ended` as a query condition: on programmes, or on rows reaching theirs
        through `via` ("programme", "application__programme"), so that a page's words and
        the query choosing its rows never disagree on which programmes have ended
        (tests/mentoring/test_a_programme_has_ended_read_one_way_in_python_and_sql.py)."""
        return Q(**{f"{via}__status" if via else "status": ProgrammeStatus.CLOSED})


class Theme(QuickLoad, models.Model):
    """Something the programme focuses on, e.g. "Learning to talk about race"."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    # A programme's page is kept until its themes change (mentoring.navigation).
    objects = UpdatesSignalled.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="theme_unique_per_programme",
                violation_error_message="A theme with this name already exists in this programme.",
            )
        ]

    def __str__(self):
        return self.name


class KeyDate(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="key_dates")
    label = models.CharField(max_length=120, help_text="For example: Mentor briefings.")
    date = models.DateField(validators=[bounds.validate_sensible_date])

    # A programme's page is kept until its key dates change (mentoring.navigation).
    objects = UpdatesSignalled.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "label"], name="key_date_label_unique_per_programme"
            ),
            bounds.date_range_constraint("key_date", "date", dates=True),
        ]

    def __str__(self):
        return f"{self.label}: {self.date:%d %b %Y}"


class Grade(QuickLoad, models.Model):
    """A grade or level in the organisation's structure, as coordinators list them."""

    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


@lru_cache(maxsize=512)
def _public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    """A country's (and subdivision's) public holidays in `year`: fixed data of the `holidays`
    package, the same in every process, so each process keeps each year's once it has worked
    it out (the pair pages ask on every view, and working it out cost about a millisecond).
    Nothing here changes while the process runs: what is kept cannot go stale. One year at a
    time, so no caller works out which years a date may fall in."""
    return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year))
