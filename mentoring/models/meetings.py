"""The pair's meetings, what each member noted, and the action steps that come out of them.

Notes, cancellation reasons and action steps are for the two members of the pair only:
they are encrypted at rest, never registered in the admin, exported or emailed.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts import bounds
from accounts.encryption import EncryptedTextField
from accounts.loading import QuickLoad
from mentoring.cadence import meeting_end
from mentoring.models.matches import Match
from mentoring.models.programmes import ActionFigures, Programme, Theme

MAX_MEETING_MINUTES = 8 * 60


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an answer"
    CONFIRMED = "confirmed", "Booked"
    HELD = "held", "Held"
    NOT_HELD = "not_held", "Did not take place"
    CANCELLED = "cancelled", "Cancelled"
    DROPPED = "dropped", "Not taken up"


# Still to happen: proposed or booked.
UPCOMING = [MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED]
# What a calendar shows cancelled (`Meeting.off_the_calendar`).
OFF_THE_CALENDAR = [MeetingStatus.CANCELLED, MeetingStatus.DROPPED, MeetingStatus.NOT_HELD]
LOGGED = [MeetingStatus.HELD, MeetingStatus.NOT_HELD]


class CallOffKind(models.TextChoices):
    """What a member calling a meeting off does (`Meeting.call_off_kind`), labelled as their
    pages name it, on the meeting page's button and on the page it leads to. The rest of
    its words are in `CALL_OFF_WORDS` (`words`). Not stored."""

    CANCEL = "cancel", "Cancel the meeting"
    DECLINE = "decline", "Decline this time"
    WITHDRAW = "withdraw", "Withdraw this proposal"
    DROP = "drop", "Drop this proposal"

    @property
    def words(self) -> "CallOffWords":
        return CALL_OFF_WORDS[self]


@dataclass(frozen=True)
class CallOffWords:
    """How the pages word one kind of calling off, besides its label."""

    # The cancel page's question (`CancelForm`).
    question: str
    # What was being done, once it is off already: "there is nothing left to <verb>".
    verb: str
    # The cancel page: "<partner> will be emailed that <partner_emailed>."
    partner_emailed: str
    # Once it is off (`Meeting.called_off_as`), who did it: "<Bola> <done>" ("Bola declined
    # this time", `who_called_off`).
    done: str
    # Said to whoever called it off, right after (`_cancelled_said` in the views).
    done_said: str


CALL_OFF_WORDS = {
    CallOffKind.CANCEL: CallOffWords(
        "Why are you cancelling?",
        "cancel",
        "it is cancelled",
        "cancelled this meeting",
        "The meeting is cancelled",
    ),
    CallOffKind.DECLINE: CallOffWords(
        "Why are you declining it?",
        "decline",
        "it is declined",
        "declined this time",
        "You declined the time proposed",
    ),
    CallOffKind.WITHDRAW: CallOffWords(
        "Why are you withdrawing it?",
        "withdraw",
        "you withdrew it",
        "withdrew this proposal",
        "You withdrew the time you proposed",
    ),
    CallOffKind.DROP: CallOffWords(
        "Why are you dropping it?",
        "drop",
        "it is dropped",
        "dropped this proposal",
        "The proposed time is dropped",
    ),
}


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(status__in=UPCOMING, starts_at__gt=timezone.now())

    def left_open(self):
        """Upcoming, or a proposal never answered whatever its time: what a pair ending
        calls off (`meetings_drop_upcoming`), as nobody can drop or log them after."""
        return self.filter(
            Q(status__in=UPCOMING, starts_at__gt=timezone.now()) | Q(status=MeetingStatus.PROPOSED)
        )

    def booked(self, now: datetime | None = None):
        """What counts as the pair's next meeting booked, by `now`: the rule of
        `Meeting.is_booked`, in the database."""
        return self.filter(status=MeetingStatus.CONFIRMED, starts_at__gt=now or timezone.now())

    def held(self):
        return self.filter(status=MeetingStatus.HELD)

    def met(self, now=None):
        """What counts as the pair having met (`Meeting.counts_as_met`), by `now`."""
        return self.filter(
            Q(status=MeetingStatus.HELD)
            | Q(status=MeetingStatus.CONFIRMED, starts_at__lte=now or timezone.now())
        )

    def for_user(self, user):
        """Meetings of the person's pairs, active or ended: of those they may see
        (`MatchQuerySet.visible_to`), never a proposal's, which is the programme office's
        until confirmed. The one rule of whose meetings a person reads, on a meeting's page,
        in its calendar file and the feed, and which fill their diary."""
        return self.filter(match__in=Match.objects.visible_to(user).values("pk"))


class Meeting(QuickLoad, models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    location = models.CharField("place", max_length=200, blank=True)
    online_url = models.URLField(
        "online link",
        max_length=bounds.ONLINE_LINK,
        blank=True,
        validators=[URLValidator(["http", "https"])],
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    # Calendar files: the UID is the meeting's id, SEQUENCE counts the changes of time, and
    # of its being on or off a calendar (logged as not held, or corrected back).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # When it was booked; kept when a booked meeting is moved (back to proposed until the
    # new time is accepted), so that the mover calling it off then cancels a booking
    # (`cancels_a_booking`), counted as such.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When it was booked for before a member moved it (`meeting_reschedule`): that time no
    # longer stands, and its pages say so until the new time is accepted (then cleared). Kept
    # once it is called off, for its page and the email to say what was called off; cleared
    # when it is logged. A proposal never booked has none.
    moved_from = models.DateTimeField(null=True, blank=True, editable=False)
    # Who moved the booking (set with `moved_from`, cleared with it): a counter-proposal
    # changes `proposed_by`, not this, so calling it off is counted against whoever moved the
    # booked time (`cancels_a_booking`). Accounts are anonymised, never removed (the admin
    # refuses to), so it stays set for as long as `moved_from` is.
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    change_reason = EncryptedTextField(blank=True)

    actual_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    # Who first logged it stays; a later addition or correction (by either member) is
    # recorded here instead.
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_changed_at = models.DateTimeField(null=True, blank=True)
    # Which log the last save sent (`mentoring.services.meetings.log_fingerprint`: who sent
    # it, from which version of the page, and all it held), so the very same log sent again
    # (a second press on Save) is answered as saved, not refused. Keyed, so the notes in it
    # cannot be guessed from a database dump.
    log_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["match", "starts_at"], name="meeting_match_starts"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MEETING_MINUTES),
                name="meeting_length_sensible",
                violation_error_message="A meeting lasts between 1 minute and 8 hours.",
            ),
            models.CheckConstraint(
                condition=Q(actual_minutes__isnull=True)
                | Q(actual_minutes__gte=1, actual_minutes__lte=MAX_MEETING_MINUTES),
                name="meeting_actual_length_sensible",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED)
                | Q(cancelled_by__isnull=False, cancelled_at__isnull=False),
                name="meeting_cancelled_says_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.HELD)
                | Q(actual_minutes__isnull=False, logged_at__isnull=False),
                name="meeting_held_has_length",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.NOT_HELD) | Q(logged_at__isnull=False),
                name="meeting_not_held_is_logged",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CONFIRMED) | Q(confirmed_at__isnull=False),
                name="meeting_confirmed_has_date",
            ),
            # Only a meeting once booked was moved from a booked time, and only one moved and
            # not accepted since (proposed), or then called off, still says so.
            models.CheckConstraint(
                condition=Q(moved_from__isnull=True)
                | Q(
                    confirmed_at__isnull=False,
                    status__in=[
                        MeetingStatus.PROPOSED,
                        MeetingStatus.CANCELLED,
                        MeetingStatus.DROPPED,
                    ],
                ),
                name="meeting_moved_from_a_booking",
            ),
            # A booking moved says who moved it, and only a booking moved does.
            models.CheckConstraint(
                condition=Q(moved_from__isnull=True, moved_by__isnull=True)
                | Q(moved_from__isnull=False, moved_by__isnull=False),
                name="meeting_moved_by_whoever_moved_it",
            ),
            # One meeting still to come per pair and start: the services check it holding
            # the pair's lock and say so; this is the guarantee beneath them.
            models.UniqueConstraint(
                fields=["match", "starts_at"],
                condition=Q(status__in=UPCOMING),
                name="meeting_one_to_come_per_start",
                violation_error_message="Your pair already has a meeting at this time.",
            ),
        ]

    def __str__(self):
        return f"Meeting on {timezone.localtime(self.starts_at):%d %b %Y %H:%M}"

    @property
    def ends_at(self):
        return meeting_end(self.starts_at, self.minutes)

    @property
    def day(self):
        """The meeting's date in the programme's time zone."""
        return timezone.localdate(self.starts_at)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.status in UPCOMING and not self.has_started

    @property
    def is_movable(self) -> bool:
        """Still to come in a pair that runs: a new time can be proposed for it (whether
        this person may propose one is `PairView.may_move`)."""
        return self.match.is_active and self.is_upcoming

    @property
    def is_a_moved_booking(self) -> bool:
        """Booked, then moved to a time not accepted yet: the booked time (`moved_from`) no
        longer stands, so calling it off, by either member, leaves the pair no meeting at
        all, and its pages say so."""
        return self.status == MeetingStatus.PROPOSED and self.moved_from is not None

    @property
    def moves_a_booking(self) -> bool:
        """A new time for it moves a booking (booked, or a booking moved already): its window
        is counted from the meeting before it (`window_for_new`), not from the last one."""
        return self.status == MeetingStatus.CONFIRMED or self.is_a_moved_booking

    def calls_off_a_meeting(self, person) -> bool:
        """Whether `person` calling it off cancels the meeting (booked, or a booking moved,
        `is_a_moved_booking`) rather than a proposal never booked, which they decline
        (`declines`), withdraw (`withdraws`) or drop (`call_off_kind`). Whether it counts as
        their cancellation is `cancels_a_booking`."""
        return self.cancels_a_booking(person) or self.is_a_moved_booking

    def declines(self, person) -> bool:
        """Calling it off now, by `person`, declines a time proposed to them and never
        booked: their pages say "Decline this time" where the one who proposed it reads
        "Withdraw this proposal" (`withdraws`)."""
        return (
            self.status == MeetingStatus.PROPOSED
            and self.proposed_by_id != person.pk
            and not self.has_started
            and not self.calls_off_a_meeting(person)
        )

    def withdraws(self, person) -> bool:
        """Calling it off now, by `person`, withdraws their own proposal, never booked (then
        "Withdrawn", `was_withdrawn`): neither a meeting called off (`calls_off_a_meeting`)
        nor a time declined (`declines`)."""
        return (
            self.proposed_by_id == person.pk
            and not self.calls_off_a_meeting(person)
            and not self.declines(person)
        )

    def call_off_kind(self, person) -> CallOffKind:
        """What `person` calling it off does, the one rule of its page's button, the question
        the page it leads to asks and what it says the partner is told: cancel the meeting
        (`calls_off_a_meeting`), decline a time proposed to them (`declines`), withdraw their
        own proposal never booked (`withdraws`; then "Withdrawn", `was_withdrawn`), or drop
        the partner's whose time came unanswered (then "Not taken up")."""
        if self.calls_off_a_meeting(person):
            return CallOffKind.CANCEL
        if self.declines(person):
            return CallOffKind.DECLINE
        if self.withdraws(person):
            return CallOffKind.WITHDRAW
        return CallOffKind.DROP

    def call_off_said(self, person) -> str:
        """What calling it off is called for `person`, on its page's button and on the page
        it leads to: the label of `call_off_kind` ("Cancel the meeting", "Decline this time",
        "Withdraw this proposal" or "Drop this proposal")."""
        return self.call_off_kind(person).label

    def move_said(self, person) -> str:
        """What moving it is called for `person`, on the button of its page, on the page it
        leads to and wherever it is offered: "Suggest another time", an answer to a time the
        partner proposed; "Change the time" of a booking or of their own proposal."""
        if self.status == MeetingStatus.PROPOSED and self.proposed_by_id != person.pk:
            return "Suggest another time"
        return "Change the time"

    @property
    def was_declined(self) -> bool:
        """A proposal never booked, dropped by the one it was proposed to before its time
        came (`declines`): declined. One whose time passed unanswered was not taken up."""
        return (
            self.status == MeetingStatus.DROPPED
            and not self.called_off_after_a_move
            and self.cancelled_by_id is not None
            and self.cancelled_by_id != self.proposed_by_id
            and self.cancelled_at is not None
            and self.cancelled_at < self.starts_at
        )

    def cancels_a_booking(self, person) -> bool:
        """Calling it off now, by `person`, cancels a booking (counted, against them), not a
        proposal: booked, or booked and then moved by them (`moved_by`, whoever proposes the
        time now after a counter-proposal), its new time not accepted yet. Their partner
        turning that moved booking down drops it, as a proposal whose time has come
        unanswered is dropped."""
        if self.status == MeetingStatus.CONFIRMED:
            return True
        # A booking moved before `moved_by` was kept (migration 0050) names only who proposes
        # the time now.
        mover = self.moved_by_id or self.proposed_by_id
        return (
            self.status == MeetingStatus.PROPOSED
            and self.confirmed_at is not None
            and mover == person.pk
            and not self.has_started
        )

    @property
    def called_off_after_a_move(self) -> bool:
        """A booking moved, then called off by a member (cancelled by whoever moved it,
        dropped by the other): the meeting is off, neither time stands, whichever it was.
        Its page, its label, the message and the emails all say so."""
        return self.is_closed and self.moved_from is not None and not self.ended_with_the_pair

    def is_booked(self, now: datetime | None = None) -> bool:
        """What counts as the pair having its next meeting booked, by `now`: a time both
        agreed (confirmed), still to come. The one rule of the pair's pages (where the pair
        stands, its next meeting), the reminders (no nudge to book, no overdue alert to the
        office) and programme health (next booked); `MeetingQuerySet.booked` in the database.
        Not booked: a meeting whose time has come, from its very start (it counts as met,
        `counts_as_met`, and is to log); a time proposed and not accepted; nor a booking
        moved to a new time the partner has not accepted (`is_a_moved_booking`): its booked
        time no longer stands and the new one is not agreed, so the pair is waiting for an
        answer, as with any proposal."""
        return self.status == MeetingStatus.CONFIRMED and self.starts_at > (now or timezone.now())

    @property
    def counts_as_met(self) -> bool:
        """What counts as the pair having met: logged as held, or booked and its time has
        come, not logged yet (the pair is asked to log it; nobody is told meanwhile that they
        have not met). The rule of the reminders, the pair's pages and programme health
        (`MeetingQuerySet.met` in the database)."""
        return self.status == MeetingStatus.HELD or (
            self.status == MeetingStatus.CONFIRMED and self.has_started
        )

    @property
    def is_logged(self) -> bool:
        return self.status in LOGGED

    @property
    def can_be_logged(self) -> bool:
        return self.has_started and self.status in (*UPCOMING, *LOGGED)

    @property
    def is_to_log(self) -> bool:
        """Booked or proposed, and its time has come: to log (or, a proposal, to drop)."""
        return self.status in UPCOMING and self.has_started

    @property
    def is_closed(self) -> bool:
        """Cancelled or dropped: nothing more to do."""
        return self.status in (MeetingStatus.CANCELLED, MeetingStatus.DROPPED)

    @property
    def off_the_calendar(self) -> bool:
        """Not a meeting that happens or happened (cancelled, dropped, or logged as not
        held): its calendar file takes it out of a calendar (METHOD:CANCEL; the feed says
        STATUS:CANCELLED, mentoring.calendar)."""
        return self.status in OFF_THE_CALENDAR

    @property
    def ended_with_the_pair(self) -> bool:
        """Called off because its pair ended (`meetings_drop_upcoming`), by nobody: a member
        calling a meeting off is always recorded (`meeting_cancel`)."""
        return self.status == MeetingStatus.DROPPED and self.cancelled_by_id is None

    def reason_shown(self, match: Match) -> str:
        """Why its time was changed or it was called off, as its page and the person's own
        data both say it; `match` is its pair. A meeting the pair's end called off gives
        none: any reason once given was for moving it, which the end overtook ("Called off
        when the pairing ended"). One set aside before its pair ended (migration 0032), or
        while it goes on, keeps its reason."""
        if self.ended_with_the_pair and not (match.is_active or self.cancelled_at < match.ended_at):
            return ""
        return self.change_reason

    @property
    def was_withdrawn(self) -> bool:
        """A proposal (not a moved booking, `called_off_after_a_move`) dropped by the member
        who proposed it: withdrawn, neither declined (`was_declined`) nor called off by its
        pair's end (`ended_with_the_pair`). Decided on the status and who called it off."""
        return (
            self.status == MeetingStatus.DROPPED
            and self.cancelled_by_id is not None
            and self.cancelled_by_id == self.proposed_by_id
            and not self.called_off_after_a_move
        )

    @property
    def called_off_as(self) -> CallOffKind | None:
        """What calling it off did, once it is off (cancelled or dropped), the one rule of
        what its messages say was done: declined (`was_declined`), withdrawn
        (`was_withdrawn`), a proposal dropped (its time came unanswered), or else cancelled,
        a booking moved and then called off among them (`called_off_after_a_move`). None if
        it is not off, or its pair's end called it off, by nobody (`ended_with_the_pair`)."""
        if not self.is_closed or self.ended_with_the_pair:
            return None
        if self.was_declined:
            return CallOffKind.DECLINE
        if self.was_withdrawn:
            return CallOffKind.WITHDRAW
        if self.status == MeetingStatus.DROPPED and not self.called_off_after_a_move:
            return CallOffKind.DROP
        return CallOffKind.CANCEL

    def called_off_by_a_member(self) -> CallOffKind:
        """`called_off_as` for what is said only of a meeting a member called off (its
        partner's email, the message to whoever did it): never guessed, so a meeting still
        on, or one its pair's end called off, fails loudly here."""
        kind = self.called_off_as
        if kind is None:
            raise ValueError(f"Meeting {self.pk} was not called off by a member.")
        return kind

    @property
    def status_label(self) -> str:
        """Its state in a word or two, as its page, the pair's lists and the person's own data
        show it: once its time has come, a meeting still booked or waiting for an answer is
        "Not logged" (to log or, a proposal, to drop), no longer "Booked"; a proposal turned
        down by the one it was proposed to is "Declined" (`was_declined`), as the message and
        the proposer's email say, and one its proposer dropped is "Withdrawn"
        (`was_withdrawn`): "Not taken up" is a time nobody answered. Its page says who
        closed it with the same word ("Withdrawn by you on 6 December 2026")."""
        if self.ended_with_the_pair:
            return "Called off"
        if self.is_to_log:
            return "Not logged"
        if self.called_off_after_a_move:
            # A booking moved, its new time turned down: the meeting is off, not a proposal.
            return MeetingStatus.CANCELLED.label
        if self.was_declined:
            return "Declined"
        if self.was_withdrawn:
            return "Withdrawn"
        return MeetingStatus(self.status).label


class MeetingNote(models.Model):
    """One member's private notes on a meeting; the other member of the pair sees them too."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="meeting_note_one_per_author"
            )
        ]

    def __str__(self):
        return f"Notes on {self.meeting}"


class ActionOwner(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    BOARD_MEMBER = "board_member", "Board member"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# Still to be reviewed at the next meeting.
OUTSTANDING = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
REVIEW_STATUSES = [ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED]


def action_due_problem(due_on: date | None, *, meeting_day: date) -> str | None:
    """Why an action step agreed at a meeting on `meeting_day` cannot be due on `due_on`
    (None: it can). A step is agreed for after the meeting, so it is due on its day or later,
    and, as any date, in `bounds.LATEST_YEAR` at the latest.
    The log's forms and the service that saves them both ask this."""
    if due_on is not None and due_on < meeting_day:
        return f"Choose a due date on or after the day of the meeting, {meeting_day:%-d %B %Y}."
    # As the box's help says (the years every date box takes: `bounds.LATEST_YEAR`).
    if due_on is not None and due_on.year > bounds.LATEST_YEAR:
        return f"Choose a due date in {bounds.LATEST_YEAR} at the latest."
    return None


def action_overdue(status: str, due_on: date | None, today: date) -> bool:
    """An action step is overdue once the day it was due by has gone and it is neither
    done nor dropped."""
    return status in OUTSTANDING and due_on is not None and due_on < today


class ActionStep(QuickLoad, models.Model):
    """Something one of the pair will do, recorded at a meeting and reviewed at the next."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="action_steps")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions_recorded")
    text = EncryptedTextField("what")
    owner = models.CharField(max_length=12, choices=ActionOwner.choices)
    due_on = models.DateField(
        "due by", null=True, blank=True, validators=[bounds.validate_sensible_date]
    )
    needs = EncryptedTextField(
        "what it will take", blank=True, help_text="Resources, history or politics to understand."
    )
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__in=ActionOwner.values), name="action_owner_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            bounds.date_range_constraint("action_step", "due_on", dates=True),
        ]

    def __str__(self):
        return f"Action step of {self.match_id}"

    @property
    def is_overdue(self) -> bool:
        """Still to do (not done or dropped) and its due date has passed, by the
        programme's calendar."""
        return action_overdue(self.status, self.due_on, timezone.localdate())


class ActionReview(models.Model):
    """How an action step went, looked at together at a later meeting."""

    action = models.ForeignKey(ActionStep, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = EncryptedTextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reviewed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "meeting"],
                name="action_reviewed_once_per_meeting",
                violation_error_message=(
                    "This action step has already been reviewed at this meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=REVIEW_STATUSES), name="action_review_status_valid"
            ),
        ]

    def __str__(self):
        return f"Review of action step {self.action_id}"


def action_figures(programme: Programme, *, up_to: datetime) -> ActionFigures:
    """The action steps the programme's pairs recorded up to `up_to` and those reviewed as done
    by then, with how many pairs recorded any and how many reviewed any (a pair that reviewed
    none adds nothing to those done): one query. Counted as the programme closes and kept
    (`Programme.save`), so that the report's figures stand still after it: its pairs may go on
    meeting and logging, and a figure that moved after one pair's meeting (Programme health
    shows which pair met) would tell what that pair did with its steps. A review is counted by
    when it was recorded (`reviewed_at`, set as it is saved), not by its meeting's day: a
    meeting before the closing may be logged after it."""
    reviews = ActionReview.objects.filter(action=OuterRef("pk"), reviewed_at__lte=up_to)
    return ActionFigures(
        **ActionStep.objects.filter(match__programme=programme, created_at__lte=up_to)
        .annotate(done=Exists(reviews.filter(status=ActionStatus.DONE)), reviewed=Exists(reviews))
        .aggregate(
            recorded=Count("pk"),
            completed=Count("pk", filter=Q(done=True)),
            pairs_recorded=Count("match", distinct=True),
            pairs_reviewed=Count("match", filter=Q(reviewed=True), distinct=True),
        )
    )
