from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts import bounds
from accounts.mail import span_with_zone
from config.queries import counted
from mentoring.models.programmes import Programme

HALF_DAY = timedelta(hours=3, minutes=30)


class EventKind(models.TextChoices):
    BRIEFING = "briefing", "Briefing"
    EVALUATION = "evaluation", "Evaluation and learning activity"


class Audience(models.TextChoices):
    MENTORS = "mentors", "Mentors"
    BOARD_MEMBERS = "board_members", "Board members"
    JOINT = "joint", "Mentors and board members together"


class EventQuerySet(models.QuerySet):
    def briefings(self):
        return self.filter(kind=EventKind.BRIEFING)

    def upcoming(self, now=None):
        return self.filter(not_started(now))

    def going_ahead(self):
        return self.filter(going_ahead())

    def with_places_and_attendance(self):
        """Each event with the two facts that decide what of it may still change
        (mentoring.services.events: `fixed_once_taken`, `time_fixed`): `places_taken`, how
        many places are held, and `attendance_recorded`, whether anyone's coming or not is
        recorded. One query with the events (subqueries: no GROUP BY to get in the way of
        other annotations)."""
        at_it = Registration.objects.filter(event=OuterRef("pk")).order_by()
        return self.annotate(
            places_taken=counted(at_it.filter(status__in=HOLDS_A_PLACE), "event"),
            attendance_recorded=Exists(at_it.filter(status__in=RECORDED)),
        )


def not_started(now=None) -> models.Q:
    """Events still to come (`Event.has_started` is the same for one): by the clock, so an
    event at four this afternoon is still to come at noon. `now`: the time it is, when the
    caller has it (a statement worked out once, accounts.statements, is given it)."""
    return models.Q(starts_at__gt=timezone.now() if now is None else now)


def going_ahead() -> models.Q:
    """Events the programme office has not called off (`Event.called_off_at`)."""
    return models.Q(called_off_at__isnull=True)


# How many places an event may have, as its form says and checks (the admin's form uses
# these in place of Django's own "greater than or equal to 0").
CAPACITY_RANGE = [
    MinValueValidator(1, "An event has room for at least 1 person."),
    MaxValueValidator(10_000, "An event has room for at most 10,000 people."),
]


# Said by the database's check and, beside the place, by the admin's form.
PLACE_OR_LINK = "Give the event a place, an online link, or both."


# Said beside the end by the office's form (mentoring.admin.event_forms), and by the model's
# check for any other save.
ENDS_AFTER_IT_STARTS = "The event must end after it starts."


# The words both of Event's NONE_SCHEDULED_…_SAID share, before and after where the dates
# appear.
_NONE_SCHEDULED = "No mentor briefing is scheduled yet. Dates appear"
_OR_ASK = "; or ask the programme office."


class Event(models.Model):
    """A group session: a half-day briefing before matching, or the closing evaluation."""

    #: What a person is told of a full event with no place of theirs at it, and no other to
    #: take: the events page (with the office's address, linked) and the dashboard's briefing
    #: status say it alike (the status says `FULL` alone where the page's "Next:" asks the
    #: programme office: `{% no_place_said %}`). Nobody is emailed when a place comes free,
    #: so nothing here says they will be.
    FULL = "It is full just now. A place comes free when someone gives theirs up"
    #: Each sentence that asks the programme office about another date has a slot (`{at}`)
    #: where the events page writes the office's address, linked (`format_html`); the
    #: `…_SAID` form, for the dashboard and emails, leaves it empty.
    FULL_ASKING = FULL + "; or ask the programme office about another date{at}."
    FULL_SAID = FULL_ASKING.format(at="")
    #: What someone still to be briefed is told where their briefing was called off and no
    #: other briefing of its programme has a place for them: the events page (with the
    #: office's address, linked) and the call-off email say it alike, and promise no word
    #: of a new date (none is sent).
    NONE_OTHER_ASKING = (
        "No other briefing has a place just now: ask the programme office about another date{at}."
    )
    NONE_OTHER_SAID = NONE_OTHER_ASKING.format(at="")
    #: What someone still to be briefed is told where no briefing is scheduled for them, by
    #: the application's briefing question before the application is sent (once sent, the
    #: question is no longer asked, and briefing_status.html's `{% no_place_said %}` says
    #: it): the dates appear beside it, and on the events page only once the application is
    #: in.
    NONE_SCHEDULED_BEFORE_APPLYING_SAID = (
        f"{_NONE_SCHEDULED} here and, once you have applied, on the events page{_OR_ASK}"
    )
    #: The same, while the programme is not recruiting: nobody can apply, so nothing is said
    #: of what follows applying (the page says above that recruitment is closed).
    NONE_SCHEDULED_WHILE_CLOSED_SAID = f"{_NONE_SCHEDULED} here once they are set{_OR_ASK}"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.BRIEFING)
    audience = models.CharField(max_length=14, choices=Audience.choices)
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField(validators=[bounds.validate_sensible_date])
    ends_at = models.DateTimeField(
        help_text="Leave empty for half a day after the start.",
        validators=[bounds.validate_sensible_date],
    )
    location = models.CharField("place", max_length=200, blank=True)
    online_url = models.URLField("online link", max_length=bounds.ONLINE_LINK, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=20,
        help_text="How many people can come: 1 to 10,000.",
        validators=CAPACITY_RANGE,
    )
    description = models.TextField(
        blank=True, max_length=bounds.NOTES, help_text=bounds.limit_text(bounds.NOTES)
    )
    # Calendar files: the UID is the event's id, SEQUENCE counts its changes of time or
    # place, so a calendar replaces the entry it has instead of keeping the old time.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Called off by the programme office before it started (`event_call_off`): kept, with
    # its registrations as they were, so that those who held places see it was called off.
    called_off_at = models.DateTimeField("called off", null=True, blank=True, editable=False)
    called_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="called off by",
    )
    call_off_message = models.TextField(
        "message to those holding places",
        blank=True,
        max_length=bounds.SHORT_TEXT,
        editable=False,
        help_text=bounds.limit_text(bounds.SHORT_TEXT),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=ENDS_AFTER_IT_STARTS,
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_has_capacity",
                violation_error_message="The event needs room for at least one person.",
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_url=""),
                name="event_has_a_place_or_link",
                violation_error_message=PLACE_OR_LINK,
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=0), name="event_sequence_counts_up_from_zero"
            ),
            bounds.text_length_constraint("event", "description", max_length=bounds.NOTES),
            bounds.date_range_constraint("event", "starts_at", "ends_at"),
            # Calling off: only before the event starts (`why_not_call_off`), and who did it
            # and the message to participants only with it.
            models.CheckConstraint(
                condition=Q(called_off_at__isnull=True)
                | Q(called_off_at__lt=models.F("starts_at")),
                name="event_called_off_before_it_starts",
                violation_error_message="An event can only be called off before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(called_off_by__isnull=True) | Q(called_off_at__isnull=False),
                name="event_called_off_by_only_when_called_off",
            ),
            models.CheckConstraint(
                condition=Q(call_off_message="") | Q(called_off_at__isnull=False),
                name="event_call_off_message_only_when_called_off",
            ),
            bounds.text_length_constraint(
                "event", "call_off_message", max_length=bounds.SHORT_TEXT
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    def audit_name(self) -> str:
        """What the audit trail calls the event (accounts.audit): its title, day and
        programme."""
        return f"{self}, {self.programme}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_called_off(self) -> bool:
        return self.called_off_at is not None

    @property
    def registration_closed(self) -> str | None:
        """Why nobody can take a place at the event now, or None while they can (if one is
        free): the event's own part of the rule that `registration_create` refuses by and
        that the pages offer by (`place_to_take`; `mentoring.selectors.why_no_place` adds
        the person's own: a programme that ended before they were paired in it)."""
        if self.is_called_off:
            return (
                "The programme office has called off this event, so no places can be taken. "
                "Choose another date on the events page."
            )
        if self.is_over:
            return "This event has already taken place, so registration is closed."
        if self.has_started:
            return "This event has already started, so registration is closed."
        if self.kind == EventKind.BRIEFING and self.programme.has_ended:
            # A briefing comes before matching, and nobody is matched in it any more.
            return (
                f"{self.programme.name} has ended, so nobody is matched in it any more and "
                "its briefings take no registrations."
            )
        return None

    @property
    def when(self) -> str:
        """Its time as emails say it: "Thursday 8 October 2026, 14:00 to 17:30 BST"."""
        return span_with_zone(self.starts_at, self.ends_at)

    @property
    def place_to_take(self) -> bool:
        """Read through `events_for` (with `my_status` and `places_taken`): the person holds
        no place at it, it takes registrations (`registration_closed`) and one is free, so
        taking it is their next step. What it refuses the person alone (`why_no_place`), the
        events page leaves out unless they hold a place; the dashboard's briefings are never
        of a programme that has ended."""
        return (
            self.registration_closed is None
            and self.my_status != "registered"
            and self.places_taken < self.capacity
        )


def event_details(event: Event) -> dict[str, str]:
    """An event's time, place and online link as its change emails name them, in words
    (`event_changes`)."""
    return {
        "When": event.when,
        "Place": event.location or "none",
        "Online link": event.online_url or "none",
    }


def event_changes(before: Event, after: Event) -> list[tuple[str, str, str]]:
    """What moved between two versions of an event, as (what, was, now) in words and in the
    programme's time zone: the time, the place, the online link. Empty when neither moved."""
    changes = []
    if (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at):
        changes.append(("When", before.when, after.when))
    if before.location != after.location:
        changes.append(("Place", before.location or "none", after.location or "none"))
    if before.online_url != after.online_url:
        changes.append(("Online link", before.online_url or "none", after.online_url or "none"))
    return changes


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    ABSENT = "absent", "Absent"


# Registrations that hold a place.
HOLDS_A_PLACE = [
    RegistrationStatus.REGISTERED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.ABSENT,
]
# Registrations whose person's coming, or not, is recorded.
RECORDED = [RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT]


class RegistrationQuerySet(models.QuerySet):
    def going_ahead(self):
        """Places at events not called off: a place at one called off keeps its status as
        the record of who held it, and is held no more."""
        return self.filter(event__called_off_at__isnull=True)

    def held_ahead(self):
        """Places still held at events to come (what reminders announce, what is given back
        on withdrawing), none at an event called off."""
        return self.going_ahead().filter(
            status=RegistrationStatus.REGISTERED, event__starts_at__gt=timezone.now()
        )

    def by_name(self):
        """With their people, in the order confirmations name them and emails go out."""
        return self.select_related("person").order_by("person__full_name", "pk")

    def give_back(self) -> int:
        """Give these places back for someone else to take; how many. Each person's calendar
        entry moves one SEQUENCE on (`Registration.sequence_offset`)."""
        return self.update(
            status=RegistrationStatus.CANCELLED,
            sequence_offset=models.F("sequence_offset") + 1,
            updated_at=timezone.now(),
        )


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # How far this person's calendar entry is ahead of the event's SEQUENCE: one more each
    # time the place is given up and each time it is taken again (mentoring.calendar).
    sequence_offset = models.PositiveIntegerField(default=0, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "person"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="registration_once_per_event"),
            models.CheckConstraint(
                condition=Q(sequence_offset__gte=0),
                name="registration_sequence_offset_counts_up_from_zero",
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.event}"


def briefed_expression(*, person, audience: str, not_counting=(), not_exempting=()):
    """True when `person` attended a briefing for `audience` (or a joint one) in the row's
    programme, or was exempted. `person` is an OuterRef to a user; the row has `programme`.
    `not_counting`: registrations (ids) left out, to ask what the rule would say once they
    no longer count as attended (`absence_consequences`); `not_exempting`: exemptions (ids)
    left out, to ask it once they are deleted (`exemption_consequences`)."""
    attended = Registration.objects.filter(
        person=person,
        status=RegistrationStatus.ATTENDED,
        event__programme=OuterRef("programme"),
        event__kind=EventKind.BRIEFING,
        event__audience__in=[audience, Audience.JOINT],
    ).exclude(pk__in=not_counting)
    exempted = BriefingExemption.objects.filter(
        person=person, programme=OuterRef("programme")
    ).exclude(pk__in=not_exempting)
    return Exists(attended) | Exists(exempted)


class BriefingExemption(models.Model):
    """A coordinator's record that someone counts as briefed without attending."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="briefing_exemptions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_exemptions"
    )
    note = models.CharField(
        max_length=300, help_text="Why, e.g. briefed one-to-one after missing the session."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], name="briefing_exemption_once_per_programme"
            )
        ]

    # What `__str__` reads of other rows (accounts.admin_base.DeletionSummaryMixin).
    str_reads = ("person",)

    def __str__(self):
        return f"{self.person} exempted from the briefing"
