"""Confidential evaluation: surveys, who has answered, and the answers, kept apart.

A `Participation` records only that a person answered a survey (to refuse a second answer
and to remind those who have not). While the survey is open, what they answered waits in a
`Ballot`, sealed (encrypted whole, role and date included). Once it has closed, all its
ballots are opened together, in one transaction and a random order
(`evaluation.services.ballots_open`), into `Response` rows that hold the respondent's role
and answers, with no link to the person, a random id, and the date only: nothing in them
leads back to who wrote them, or orders them like the participations.
"""

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import dateformat, timezone
from django.utils.text import get_text_list

from accounts import bounds
from accounts.loading import QuickLoad
from accounts.signals import UpdatesSignalled
from evaluation.fields import DayStampedEncryptedTextField
from mentoring.cadence import at_local_time
from mentoring.models import Programme, ProgrammeStatus

MIN_GROUP_FLOOR = 3


def _programme_time(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def start_of_day(day: date) -> datetime:
    """The first moment of `day` in the programme's time zone: its midnight or, where the
    clocks go forward at midnight (Cairo, Santiago), the 01:00 they go to. Read back through
    UTC, so that it says the time the database will give back, not a midnight that never was."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).astimezone(zone)


def starts_its_day(moment: datetime) -> bool:
    """`moment` is the first moment of its day in the programme's time zone (`start_of_day`):
    not always 00:00, which some zones skip once a year."""
    return moment == start_of_day(_programme_time(moment).date())


def last_day_of(closes_at: datetime) -> date:
    """The last day a survey can be answered, in the programme's time zone. A survey that
    closes "after 16 December" is stored as closing at the start of 17 December, which
    nobody should read as the 17th."""
    day = _programme_time(closes_at).date()
    return day - timedelta(days=1) if starts_its_day(closes_at) else day


def start_of_day_after(day: date) -> datetime:
    """The moment a survey whose last day is `day` closes (its stored `closes_at`)."""
    return start_of_day(day + timedelta(days=1))


def days_later(moment: datetime, days: int) -> datetime:
    """`moment` moved on by `days` days in the programme's time zone, at the same time of day:
    not 24 hours a day, which across a change of clocks would be an hour off (the end of a
    day become 23:00). The start of a day stays the start of a day (`starts_its_day`), where
    the clocks skip midnight on either."""
    local = _programme_time(moment)
    if starts_its_day(moment):
        return start_of_day(local.date() + timedelta(days=days))
    return at_local_time(local.date() + timedelta(days=days), local.time(), local.tzinfo)


def copy_dates(
    *, opens_at: datetime, closes_at: datetime, not_before: datetime
) -> tuple[datetime, datetime]:
    """When a copy of a survey open from `opens_at` to `closes_at` opens and closes: the
    original moved on by whole days in the programme's time zone, the fewest that open it no
    sooner than `not_before`. So it keeps the original's days and times of day, across a
    change of clocks as not: a survey of whole days is copied as whole days (closing at the
    end of its last day), and one that closes at 17:00 still does."""
    days = (_programme_time(not_before).date() - _programme_time(opens_at).date()).days
    if days_later(opens_at, days) < not_before:
        days += 1  # its time of day comes earlier in the day than `not_before`'s
    return days_later(opens_at, days), days_later(closes_at, days)


def _day_and_time(local: datetime, day_format: str) -> str:
    """A moment during a day, as both survey dates say it: "2 December 2026 at 09:00 GMT"."""
    return f"{dateformat.format(local, day_format)} at {local:%H:%M} {local.tzname()}"


def closing_in_words(closes_at: datetime, day_format: str = "j F Y") -> str:
    """When a survey closes, in the programme's time zone: its last day, "16 December 2026,
    end of the day", or "16 December 2026 at 17:00 GMT" for one that closes during a day
    (`day_format` is Django's)."""
    if starts_its_day(closes_at):
        return f"{dateformat.format(last_day_of(closes_at), day_format)}, end of the day"
    return _day_and_time(_programme_time(closes_at), day_format)


def opening_in_words(opens_at: datetime, day_format: str = "j F Y") -> str:
    """When a survey opens, in the programme's time zone: its first day, "2 December 2026",
    for one that opens at the start of a day, or "2 December 2026 at 09:00 GMT"."""
    local = _programme_time(opens_at)
    if starts_its_day(opens_at):
        return dateformat.format(local, day_format)
    return _day_and_time(local, day_format)


class SaveEffect(StrEnum):
    """What saving a survey does at once, which the office is asked to confirm first."""

    OPENS = "opens"  # people it asks can answer it, and are emailed that it is open
    REOPENS = "reopens"  # it had closed: people can answer it again
    CLOSES = "closes"  # nobody can answer it any more
    # Open, its last day moved nearer: its "closing soon" reminder goes at the next sending
    # to someone it asks who has not had it (`evaluation.reminders.survey_save_effect`).
    REMINDS = "reminds"


def save_effect(
    *,
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
    was_opens_at: datetime | None = None,
    was_closes_at: datetime | None = None,
    brings_on_closing_reminder: bool = False,
) -> SaveEffect | None:
    """What saving a survey with these dates does at once: opens, when it is open afterwards
    and was not open before (a new survey was not); closes, when it is closed afterwards and
    was not before. Or, for a saved survey that stays as it was, reminds, when the save
    emails someone its "closing soon" reminder at the next sending: when and to whom that
    reminder goes is the reminders' to say, and they tell it (the one entry point that asks
    both: `evaluation.reminders.survey_save_effect`). None when the save does none
    of these (it opens later, or it was open or closed already and stays so, its reminders
    as they were): nothing to confirm."""
    was_saved = was_opens_at is not None and was_closes_at is not None
    was_open = was_saved and was_opens_at <= now < was_closes_at
    was_closed = was_saved and was_closes_at <= now
    if opens_at <= now < closes_at and not was_open:
        return SaveEffect.REOPENS if was_closed else SaveEffect.OPENS
    if closes_at <= now and not was_closed:
        return SaveEffect.CLOSES
    if was_saved and brings_on_closing_reminder:
        return SaveEffect.REMINDS
    return None


# Beside the closing date when a save would open again a survey that has closed after asking.
REOPENING_REFUSED = (
    "This survey has closed after asking its questions, so it cannot open again: its "
    "results can be read now, and one more answer would show in them what that person "
    "said. To ask again, make a new survey: tick this one in the list of surveys and "
    "choose “Copy the selected surveys”."
)


def reopens(*, was_closes_at: datetime | None, closes_at: datetime, now: datetime) -> bool:
    """Whether a save moves a survey's closing from the past (it had closed) into the future,
    so that it opens again, now or later."""
    return was_closes_at is not None and was_closes_at <= now < closes_at


class SurveyAudience(models.TextChoices):
    MENTORS = "mentors", "Mentors"
    BOARD_MEMBERS = "board_members", "Board members"
    BOTH = "both", "Mentors and board members"


PAIRS_ONLY_HELP = (
    "Tick it when the questions are about a pair's meetings: the survey then asks only the "
    "mentors and board members of its audience who are in a pair while it is open (active "
    "now, or ended since the survey opened; paired before it closed), and nobody else sees "
    "it or is reminded of it. Left empty, "
    "it asks every accepted mentor and every board member who has joined, paired or not."
)


class Role(models.TextChoices):
    MENTOR = "mentor", "Mentors"
    BOARD_MEMBER = "board_member", "Board members"


class SurveyQuerySet(UpdatesSignalled):
    def with_has_questions(self):
        """Each with whether it has a question yet (`has_questions`): one without has nothing
        to answer, so it is neither offered nor announced until it has one."""
        return self.annotate(has_questions=Exists(Question.objects.filter(survey=OuterRef("pk"))))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def published(self):
        """Of programmes people see: not of a draft the office is still preparing, whose
        surveys nobody is offered, nor told of, until it is made active."""
        return self.exclude(programme__status=ProgrammeStatus.DRAFT)

    def open_with_questions(self, now: datetime):
        """Open at `now` with a question: asking the people it asks once its programme is
        published (`asking`)."""
        return self.open(now).with_has_questions().filter(has_questions=True)

    def asking(self, now: datetime):
        """Open at `now` with a question, its programme published: asking the people it asks
        (`Survey.has_asked`), who are reminded of it and offered it."""
        return self.published().open_with_questions(now)

    def not_closed_unasked(self, now):
        """Leaving out each that has closed without ever asking (`Survey.closed_unasked`, the
        same rule as a condition; `now` a moment, or `Now()` inside a larger read)."""
        return self.exclude(closes_at__lte=now, asked_at__isnull=True)

    def closed_uncounted(self, now: datetime):
        """Closed, and not counted since they closed (`Survey.invited_at_close`)."""
        return self.filter(closes_at__lte=now).filter(
            Q(invited_counted_at__isnull=True) | Q(invited_counted_at__lt=F("closes_at"))
        )


class Survey(QuickLoad, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=150)
    introduction = models.TextField(
        blank=True,
        max_length=bounds.BIO,
        help_text=bounds.with_limit(
            "Shown above the questions: why we ask, and how answers are used.", bounds.BIO
        ),
    )
    audience = models.CharField(max_length=14, choices=SurveyAudience.choices)
    # Who of the audience is asked: everyone, or (for questions about a pair's meetings)
    # only people in a pair during the survey (`evaluation.audience.role_for`).
    pairs_only = models.BooleanField(
        "only people in a pair",
        default=False,
        db_default=False,
        help_text=PAIRS_ONLY_HELP,
    )
    opens_at = models.DateTimeField(validators=[bounds.validate_sensible_date])
    closes_at = models.DateTimeField(validators=[bounds.validate_sensible_date])
    min_group_size = models.PositiveSmallIntegerField(
        "minimum group size",
        help_text="Results of a group smaller than this are withheld (at least 3).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # How many people it asked in each role, counted when it closed
    # (`evaluation.services.surveys_count_invited`): see `invited_at_close`.
    invited_mentors = models.PositiveIntegerField(null=True, editable=False)
    invited_board_members = models.PositiveIntegerField(null=True, editable=False)
    invited_counted_at = models.DateTimeField(null=True, editable=False)
    # The first moment it was seen open with a question, kept for good (`has_asked`): by an
    # answer, by the office's save, and by beat every minute (`surveys_mark_asked`).
    asked_at = models.DateTimeField(null=True, editable=False)
    # How many people it asked in each role when it first asked, counted with `asked_at`
    # (`evaluation.services.surveys_mark_asked`), before anyone could answer: see
    # `invited_at_opening`.
    invited_mentors_at_opening = models.PositiveIntegerField(null=True, editable=False)
    invited_board_members_at_opening = models.PositiveIntegerField(null=True, editable=False)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
                violation_error_message="A survey closes after it opens.",
            ),
            models.CheckConstraint(
                condition=Q(min_group_size__gte=MIN_GROUP_FLOOR),
                name="survey_min_group_at_least_3",
                violation_error_message="The minimum group size is at least 3.",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=SurveyAudience.values), name="survey_audience_valid"
            ),
            bounds.text_length_constraint("survey", "introduction", max_length=bounds.BIO),
            bounds.date_range_constraint("survey", "opens_at", "closes_at"),
            models.CheckConstraint(
                condition=Q(
                    invited_mentors__isnull=True,
                    invited_board_members__isnull=True,
                    invited_counted_at__isnull=True,
                )
                | Q(
                    invited_mentors__isnull=False,
                    invited_board_members__isnull=False,
                    invited_counted_at__isnull=False,
                ),
                name="survey_invited_counted_together",
                violation_error_message="Both sides are counted at once, with the time.",
            ),
            models.CheckConstraint(
                condition=Q(
                    invited_mentors_at_opening__isnull=True,
                    invited_board_members_at_opening__isnull=True,
                )
                | Q(
                    invited_mentors_at_opening__isnull=False,
                    invited_board_members_at_opening__isnull=False,
                    asked_at__isnull=False,
                ),
                name="survey_invited_at_opening_counted_together_once_asked",
                violation_error_message="Both sides are counted at once, when it first asks.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.min_group_size is None and self.programme_id:
            self.min_group_size = self.programme.survey_min_group_size
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        stored = Survey.objects.filter(pk=self.pk).first() if self.pk else None
        if stored and self.closes_at and stored.reopening_refused(closes_at=self.closes_at):
            raise ValidationError({"closes_at": REOPENING_REFUSED})

    def reopening_refused(self, *, closes_at: datetime, now: datetime | None = None) -> bool:
        """The one rule: a survey that has closed after asking its questions never opens
        again. Its results could be read once it closed; comparing them with the results
        after one more answer would show what that person said. Asked of the survey as
        saved, with the closing a save would give it; one that never asked anything (it had
        no question while open) may open again."""
        now = now or timezone.now()
        return reopens(
            was_closes_at=self.closes_at, closes_at=closes_at, now=now
        ) and self.has_asked(now)

    def has_asked(self, now: datetime | None = None) -> bool:
        """Whether the survey, as saved, has asked its questions: it is open with a question
        now, or it was once (`asked_at`). From then on anyone it asks may have answered, so
        its questions, whom it asks and its minimum are fixed from that moment, not from the
        first answer: a page that changed when someone answered would tell the office, of a
        survey asking one or two people, who had. One that never asked (closed before it
        opened, or given its questions only once closed) has asked nobody."""
        now = now or timezone.now()
        if self.pk is None:
            return False
        return (
            Survey.objects.filter(pk=self.pk)
            .filter(Q(asked_at__isnull=False) | Q(pk__in=Survey.objects.asking(now).values("pk")))
            .exists()
        )

    def closed_unasked(self, now: datetime | None = None) -> bool:
        """Whether the survey has closed without ever asking (`has_asked`, read from the row:
        once it has closed nothing marks it, so `asked_at` says it). It asked nobody: nobody
        is counted as invited to it (`evaluation.audience.invited`, for its results, the
        programme report and its count at closing), nor offered it, shown it as closed or
        given the Surveys link for it (`SurveyQuerySet.not_closed_unasked`, the same rule
        as a condition: a test holds the two to the same answers)."""
        now = now or timezone.now()
        return self.closes_at is not None and self.closes_at <= now and self.asked_at is None

    def has_answers(self) -> bool:
        """Whether anyone has answered: every answer is written with its participation, and
        a participation stays (a deleted account is anonymised, never removed)."""
        return self.pk is not None and self.participations.exists()

    @property
    def announced_by_email(self) -> bool:
        """Whether its people are emailed when it opens: reminders go only to the people of an
        active programme (`evaluation.reminders.unanswered`). Read with its programme."""
        return self.programme.status == ProgrammeStatus.ACTIVE

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def last_day(self) -> date:
        return last_day_of(self.closes_at)

    def opens_in_words(self, day_format: str = "j F Y") -> str:
        """When the survey opens, as everyone reads it (the pages that say it is to come)."""
        return opening_in_words(self.opens_at, day_format)

    def closes_in_words(self, day_format: str = "j F Y") -> str:
        """When the survey closes, as everyone reads it (lists, forms, pages, emails)."""
        return closing_in_words(self.closes_at, day_format)

    @property
    def invited_at_close(self) -> dict[str, int] | None:
        """How many people the survey asked in each role, as counted when it closed: a closed
        survey's figures stay as they were, whoever joins or leaves the programme later.
        None while it is open, until it is counted, and again once a later closing time has
        reopened it (it is counted anew when it closes)."""
        if self.invited_counted_at is None or self.invited_counted_at < self.closes_at:
            return None
        return {Role.MENTOR: self.invited_mentors, Role.BOARD_MEMBER: self.invited_board_members}

    @property
    def invited_at_opening(self) -> dict[str, int] | None:
        """How many people the survey asked in each role when it first asked (`asked_at`),
        counted before anyone could answer: which groups its results show apart, and whether
        they say how many answered in all, are decided from these for the survey's life
        (`evaluation.results`), so that adding someone to a group the results withheld never
        brings it out with the answers it had. None until it has asked; a survey that had
        asked before these were kept is counted the next time it is seen open (today's count
        taken as its opening one), and one that had closed by then keeps None: its count
        at closing stands in."""
        if self.invited_mentors_at_opening is None:
            return None
        return {
            Role.MENTOR: self.invited_mentors_at_opening,
            Role.BOARD_MEMBER: self.invited_board_members_at_opening,
        }

    def invited_at_opening_or(self, counts: Mapping[str, int]) -> Mapping[str, int]:
        """Its count at opening (`invited_at_opening`), `counts` (how many it asks today)
        standing in until there is one: before it has asked nobody can have answered, and a
        survey closed before its opening was kept has only its count at closing. The one
        rule its results and its reminders read it by (`evaluation.results`)."""
        return self.invited_at_opening or counts

    @property
    def roles(self) -> list[str]:
        return {
            SurveyAudience.MENTORS: [Role.MENTOR],
            SurveyAudience.BOARD_MEMBERS: [Role.BOARD_MEMBER],
            SurveyAudience.BOTH: [Role.MENTOR, Role.BOARD_MEMBER],
        }[self.audience]


class QuestionKind(models.TextChoices):
    LIKERT = "likert", "Agree or disagree (1 to 5)"
    SINGLE = "single", "One choice"
    MULTIPLE = "multiple", "Several choices"
    SCALE = "scale", "0 to 10"
    TEXT = "text", "Free text"


LIKERT_LABELS = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]
NEEDS_CHOICES = [QuestionKind.SINGLE, QuestionKind.MULTIPLE]
MAX_TEXT_ANSWER = 2000
# Each option is an answer's label on the survey page, read by everyone it asks: as many
# as one screen lists well, each as long as a short sentence.
MAX_OPTIONS = 20
MAX_OPTION_LENGTH = 150
OPTIONS_HELP = (
    "For “One choice” and “Several choices” only: one option per line, from 2 up to "
    f"{MAX_OPTIONS}, each up to {MAX_OPTION_LENGTH} characters."
)
TOO_MANY_OPTIONS = f"A question can offer up to {MAX_OPTIONS} options. Please remove some."


def _start_of(option: str) -> str:
    return f"“{option[:40]}…”" if len(option) > 40 else f"“{option}”"


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField(default=list, blank=True, help_text=OPTIONS_HELP)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
            bounds.list_length_constraint(
                "question", "choices", max_items=MAX_OPTIONS, message=TOO_MANY_OPTIONS
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.kind in NEEDS_CHOICES:
            options = [str(option).strip() for option in self.choices or [] if str(option).strip()]
            if len(options) < 2:
                raise ValidationError({"choices": "Give at least two options to choose from."})
            if len(set(options)) != len(options):
                raise ValidationError({"choices": "Each option appears once."})
            if len(options) > MAX_OPTIONS:
                raise ValidationError({"choices": TOO_MANY_OPTIONS})
            too_long = [
                f"{n} ({_start_of(option)})"
                for n, option in enumerate(options, start=1)
                if len(option) > MAX_OPTION_LENGTH
            ]
            if too_long:
                raise ValidationError(
                    {
                        "choices": f"Each option can be up to {MAX_OPTION_LENGTH} characters "
                        f"long. Please shorten option{'s' if len(too_long) > 1 else ''} "
                        f"{get_text_list(too_long, 'and')}."
                    }
                )
            self.choices = options
        elif self.choices:
            raise ValidationError({"choices": "Only questions with choices have options."})

    @property
    def options(self) -> list[tuple[int, str]]:
        """(stored value, label) for each answer that can be given."""
        if self.kind == QuestionKind.LIKERT:
            return list(enumerate(LIKERT_LABELS, start=1))
        if self.kind == QuestionKind.SCALE:
            return [(value, str(value)) for value in range(11)]
        if self.kind in NEEDS_CHOICES:
            return list(enumerate(self.choices))
        return []


class Participation(models.Model):
    """That a person answered a survey. Nothing else: not when, not what."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="participation_once"),
        ]

    # What `__str__` reads of other rows (accounts.admin_base.DeletionSummaryMixin): its
    # survey is the one being deleted, read with it.
    str_reads = ("person",)

    def __str__(self):
        return f"{self.person} answered {self.survey}"


class Ballot(models.Model):
    """One person's answers to a survey still open, sealed: role, date and answers are one
    encrypted JSON document, and nothing else is stored in clear. Written in the same
    transaction as the person's `Participation` (all or nothing), so the database can tie
    the two together (PostgreSQL's hidden `xmin`, or the order of the rows in a dump), but
    without the application's key a ballot says nothing. Once the survey has closed,
    `evaluation.services.ballots_open` turns all its ballots into responses at once, in a
    random order, and deletes them: the responses share that one transaction, not the
    participations'. Its token is stamped with the day, not the second (as free text is)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="ballots")
    sealed = DayStampedEncryptedTextField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(sealed=""), name="ballot_sealed_not_empty"),
        ]
        verbose_name = "sealed response"

    def __str__(self):
        return f"A sealed response to {self.survey}"

    @classmethod
    def seal(cls, *, survey: Survey, role: str, submitted_on: date, answers: dict) -> "Ballot":
        """A ballot, unsaved: `answers` maps a question's pk to its stored value (a number,
        a list of picks or a text; unanswered questions are left out)."""
        content = {
            "role": role,
            "submitted_on": submitted_on.isoformat(),
            "answers": {str(pk): value for pk, value in answers.items()},
        }
        return cls(survey=survey, sealed=json.dumps(content))

    @property
    def content(self) -> dict:
        """{"role", "submitted_on" (a date), "answers": {question pk (int): value}}."""
        content = json.loads(self.sealed)
        return {
            "role": content["role"],
            "submitted_on": date.fromisoformat(content["submitted_on"]),
            "answers": {int(pk): value for pk, value in content["answers"].items()},
        }


class Response(models.Model):
    """One set of answers, with the respondent's role and the date: never the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    role = models.CharField(max_length=12, choices=Role.choices)
    submitted_on = models.DateField()

    class Meta:
        # By the random id: no order that follows the order people answered in.
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="response_role_valid"),
        ]

    def __str__(self):
        return f"A response to {self.survey}"


class Answer(models.Model):
    # Random, like the response's: sequential ids would follow the order people answered in,
    # as the participations' ids do, and lining the two up would tie answers to people.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    picks = models.JSONField(null=True, blank=True)
    text = DayStampedEncryptedTextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self):
        return f"Answer to {self.question}"
