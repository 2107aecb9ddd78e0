"""Forms of the pair's pages. Each states its limits beside the field and keeps what was
typed when something needs correcting."""

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import pluralize
from django.utils import timezone

from accounts import bounds
from accounts.bounds import IdsChoiceField, LimitedForm
from accounts.clocks import clock_change_problem
from mentoring.cadence import Busy, LastDay, Placing, Window, clashes, meeting_end, placing
from mentoring.forms.fields import DateInput, TimeInput
from mentoring.models import ActionOwner, ActionStatus, PairRequestKind
from mentoring.models.meetings import MAX_MEETING_MINUTES, CallOffKind, action_due_problem
from mentoring.moments import zone_in_words
from mentoring.services.meetings import ActionCorrection, NewAction, Review, When

NEW_ACTION_ROWS = 3
MAX_DAYS_AHEAD = 2 * 365
# The tick that goes ahead despite a warning: it names the page's button ("Propose this
# meeting", "Propose the new time"), so the two read as one step.
PROPOSE_ANYWAY = "Propose it anyway"


class PurposeForm(LimitedForm):
    purpose = forms.CharField(
        label="Your shared purpose",
        max_length=bounds.PAIR_PURPOSE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the board member wants to understand, and what the mentor wants "
        "heard. Only the two of you see it.",
    )
    # The version the form was built from (mentoring.services.pairs.purpose_stamp).
    stamp = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


def _end_day(day: date, start: time, end: time) -> date:
    """The day a meeting starting at `start` on `day` ends at `end`: the next day when the
    clock face says no later than the start (23:00 to 00:00 ends at midnight). The
    calendar's last day has no next (the date itself is refused, `_starts_at`)."""
    return day + timedelta(days=1) if end <= start and day < date.max else day


def _elapsed_minutes(day: date | None, start: time, end: time) -> int:
    """Minutes from `start` on `day` to `end` (on `_end_day`), as the meeting lasts: on the
    night the clocks change, an hour fewer or more than the clock faces say (00:30 to 02:30
    is an hour in March, three in October). Without a day (or one too near the calendar's
    ends to carry a time zone), the clock faces."""
    if day is None or not date(2, 1, 1) <= day <= date(9998, 12, 30):
        day = date(2001, 1, 1)
    zone = ZoneInfo(settings.TIME_ZONE)
    begins = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
    ends = datetime.combine(_end_day(day, start, end), end, tzinfo=zone).astimezone(UTC)
    return int((ends - begins).total_seconds() // 60)


class MeetingForm(LimitedForm):
    """A time for a meeting. A date outside the due window, after the programme's
    `last_day`, or a clash with the person's diary is shown as a warning that they confirm;
    it is not an error. "Propose it anyway" is offered only beside the warnings, and counts
    only for those it was offered with."""

    # The id of the page's list of warnings (meeting_form.html), which describes the tick
    # that confirms them: the error summary links to the tick, whose own message does not
    # say what the warnings are.
    WARNINGS_ID = "meeting-warnings"

    day = forms.DateField(
        label="Date",
        widget=DateInput,
        help_text="Within the next two years.",
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter a real date.",
        },
    )
    start = forms.TimeField(
        label="Starts at",
        widget=TimeInput,
        error_messages={
            "required": "Enter the time the meeting starts.",
            "invalid": "Enter a time such as 10:00.",
        },
    )
    end = forms.TimeField(
        label="Ends at",
        required=False,
        widget=TimeInput,
        error_messages={"invalid": "Enter a time such as 11:00."},
    )
    location = forms.CharField(
        label="Place",
        max_length=200,
        required=False,
        help_text="A room, or leave empty for an online meeting. Up to 200 characters.",
    )
    online_url = forms.CharField(
        label="Online link",
        max_length=bounds.ONLINE_LINK,
        required=False,
        widget=forms.URLInput,
        help_text="An address starting with https:// (or http://).",
    )
    reason = forms.CharField(
        label="Why the change",
        max_length=bounds.MEETING_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only the two of you see it.",
    )

    def __init__(
        self,
        *args,
        default_minutes: int,
        window: Window | None,
        busy: list[Busy],
        with_reason: bool = False,
        last_day: LastDay | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.default_minutes = default_minutes
        self.window = window
        self.last_day = last_day
        self.busy = busy
        self.warnings: list[str] = []
        # Moving a meeting (`with_reason`) keeps its length unless a new end is given.
        length = (
            f"to keep its {default_minutes} minutes"
            if with_reason
            else f"for the usual {default_minutes} minutes"
        )
        limits = "At most 8 hours; 00:00 is midnight, at the end of the day."
        self.fields["end"].help_text = f"Leave empty {length}. {limits}"
        # Read in the programme's zone (`_starts_at`): said before anyone in another zone
        # types their own 10:00.
        zone = zone_in_words(settings.TIME_ZONE)
        self.fields["start"].help_text = f"Start and end are read as {zone}."
        if not with_reason:
            del self.fields["reason"]

    def clean_online_url(self):
        url = self.cleaned_data["online_url"].strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "Enter a web address that starts with https:// or http://."
                ) from None
        return url

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        # The length and the date are checked apart, so that every problem is said at once,
        # each beside its own field.
        minutes = self._minutes(day, start, end)
        starts_at = self._starts_at(day, start)
        if minutes is None or starts_at is None:
            return data
        data["starts_at"], data["minutes"] = starts_at, minutes
        self.warnings = self._warnings(starts_at, minutes)
        if self.warnings and not self._confirmed():
            self._ask_to_confirm()
            # On the box itself, so that the error summary links to it.
            self.add_error(
                "confirm",
                forms.ValidationError(
                    f"Check the warning{pluralize(len(self.warnings))}, then tick "
                    f"“{PROPOSE_ANYWAY}” to go ahead.",
                    code="needs_confirmation",
                ),
            )
        return data

    def _minutes(self, day, start, end) -> int | None:
        """The meeting's length, or None (with the message beside "Ends at") when the end
        does not make sense or the start is missing."""
        if start is None:
            return None
        if end is None:
            return self.default_minutes
        if day is not None and (problem := clock_change_problem(_end_day(day, start, end), end)):
            # Stored as it is, the meeting would end an hour later (or sooner) than meant.
            self.add_error("end", problem)
            return None
        minutes = _elapsed_minutes(day, start, end)
        # An end no later than the start is the next day: up to midnight and past it, a
        # meeting no longer than the longest; longer, it is a slip (11:00 to 10:00).
        if minutes <= 0 or (end <= start and minutes > MAX_MEETING_MINUTES):
            self.add_error("end", "The meeting must end after it starts.")
            return None
        if minutes > MAX_MEETING_MINUTES:
            self.add_error("end", "A meeting can last at most 8 hours.")
            return None
        return minutes

    def _starts_at(self, day, start) -> datetime | None:
        """When the meeting starts, or None (with the message beside "Date") when the date is
        too far ahead or already past, or the date or start is missing."""
        if day is None:
            return None
        # The day is checked before it meets a time zone: near the year 1 or 9999 the
        # offset would overflow. Both limits are well inside accounts.bounds' years.
        today = timezone.localdate()
        if day > today + timedelta(days=MAX_DAYS_AHEAD):
            self.add_error("day", "Choose a date within the next two years.")
            return None
        if day < today:
            self.add_error("day", "Choose a date and time in the future.")
            return None
        if start is None:
            return None
        if problem := clock_change_problem(day, start):
            # Skipped, it would be booked an hour later than typed; passed twice, at the
            # first of the two, perhaps not the one meant, and then longer than typed.
            self.add_error("start", problem)
            return None
        starts_at = datetime.combine(day, start, tzinfo=ZoneInfo(settings.TIME_ZONE))
        if starts_at <= timezone.now():
            self.add_error("day", "Choose a date and time in the future.")
            return None
        return starts_at

    def _warned(self) -> str:
        """A mark of the warnings shown, which the page carries back with the override."""
        return hashlib.sha256("\n".join(self.warnings).encode()).hexdigest()[:16]

    def _confirmed(self) -> bool:
        """The override counts only for the very warnings the person was shown: ticked
        before any warning, or for another date's, it does not skip them."""
        ticked = forms.CheckboxInput().value_from_datadict(
            self.data, self.files, self.add_prefix("confirm")
        )
        return ticked and self.data.get(self.add_prefix("warned")) == self._warned()

    def _ask_to_confirm(self) -> None:
        """Offer "Propose it anyway", unticked, with the mark of the warnings now shown."""
        self.fields["confirm"] = forms.BooleanField(label=PROPOSE_ANYWAY, required=False)
        # Described by the warnings, then by its own message (`clean`), which it always has.
        described = f"{self.WARNINGS_ID} {self['confirm'].auto_id}_error"
        self.fields["confirm"].widget.attrs["aria-describedby"] = described
        self.fields["warned"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.data = self.data.copy()
        self.data[self.add_prefix("warned")] = self._warned()
        self.data.pop(self.add_prefix("confirm"), None)

    def _warnings(self, starts_at, minutes) -> list[str]:
        warnings = []
        day = timezone.localdate(starts_at)
        # One warning at most for the date (`placing`), said as the page says when it is due
        # (by a date, or between two) or the programme's last day: the programme runs on
        # until the office closes it, so a date after that day is a warning, not a refusal.
        placed = placing(day, timezone.localdate(), window=self.window, last_day=self.last_day)
        if placed == Placing.AFTER_THE_LAST_DAY:
            warnings.append(f"{day:%A %-d %B %Y} {self.last_day.after_said()}.")
        elif placed in (Placing.EARLY, Placing.LATE):
            warnings.append(f"{day:%A %-d %B %Y} {self.window.outside_said(day)}.")
        for item in clashes(starts_at, meeting_end(starts_at, minutes), self.busy):
            local = timezone.localtime(item.starts_at)
            warnings.append(f"It overlaps {item.label} ({local:%-d %B %Y, %H:%M}).")
        return warnings

    def when(self) -> When:
        data = self.cleaned_data
        return When(data["starts_at"], data["minutes"], data["location"], data["online_url"])


# Said when the cancel page sent calls off something other than what the meeting is now
# for the person (`CancelForm.kind`): a page made up, or older than the field's value.
CALL_OFF_OUT_OF_DATE = (
    "This page was out of date, so nothing was called off. It now shows what you can do: "
    "check it and send it again."
)


# What a page sent to call off, and what calling off is now, that do the same: a time declined
# on a page opened before its time came is dropped, never booked, the partner told, as
# declining it would have; the page is not refused for having aged.
SAME_OUTCOME = {(CallOffKind.DECLINE, CallOffKind.DROP)}


class CancelForm(LimitedForm):
    """Calling a meeting off as `kind` (`Meeting.call_off_kind`) says: cancelling a booking,
    declining a time proposed to the person, withdrawing their own proposal or dropping the
    partner's. The question names what is being done (`CallOffWords.question`), and the page
    sends it back (`call_off`), to be said back if the meeting is off before it arrives
    (`seen_call_off`). A page sending another kind (but for one that does the same:
    `SAME_OUTCOME`), or one the form does not know, is refused as a whole
    (`CALL_OFF_OUT_OF_DATE`): its hidden field is nobody's to correct, so the form is drawn
    again for what calling off is now, the reason typed kept. A page sending none (one older
    than the field) calls off what the meeting is now."""

    def __init__(self, data=None, *args, kind: CallOffKind = CallOffKind.CANCEL, **kwargs):
        sent = data.get("call_off") if data else None
        self.out_of_date = bool(sent) and sent != kind and (sent, kind) not in SAME_OUTCOME
        if self.out_of_date:
            data = _calling_off(data, kind)
        super().__init__(data, *args, **kwargs)
        self.kind = kind
        self.fields["reason"].label = kind.words.question
        self.fields["call_off"].initial = kind

    # Read as sent, and checked against `kind` in `clean`: a choice field would refuse an
    # unknown value as its own error, beside a box nobody sees.
    call_off = forms.CharField(required=False, widget=forms.HiddenInput)

    reason = forms.CharField(
        label=CallOffKind.CANCEL.words.question,
        max_length=bounds.MEETING_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words are needed: your partner sees them on the meeting page; they are "
        "never emailed.",
        error_messages={"required": "Say briefly why, so that your partner knows."},
    )

    def clean(self):
        cleaned = super().clean()
        if self.out_of_date:
            raise forms.ValidationError(CALL_OFF_OUT_OF_DATE, code="call_off_out_of_date")
        return cleaned

    def refused(self, kind: CallOffKind, problem: str) -> "CancelForm":
        """This form, its page refused as a whole (`problem`, said at the top instead of
        anything else that refused it as a whole), drawn again for what calling the meeting
        off is now (`kind`: its question, and its hidden field, so that sending it again does
        that), with the reason typed."""
        form = CancelForm(_calling_off(self.data, kind), kind=kind)
        form.is_valid()
        form.add_error(None, problem)
        return form

    @classmethod
    def seen_call_off(cls, data) -> CallOffKind | None:
        """What the person's page was calling off, as it stood when they opened it (once the
        meeting is off, `Meeting.call_off_kind` no longer says it), read whether or not the
        rest of the form is valid. None where the page sent none (a link followed, a page
        older than the field) or one the form does not know."""
        sent = data.get("call_off")
        return CallOffKind(sent) if sent in CallOffKind.values else None


def _calling_off(data, kind: CallOffKind):
    """The data a cancel page sent, as though its page called the meeting off as `kind`: the
    form drawn again for what calling off is now, whatever else was typed kept."""
    data = data.copy()
    data["call_off"] = kind
    return data


class LogForm(LimitedForm):
    held = forms.TypedChoiceField(
        label="Did the meeting take place?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the meeting took place."},
    )
    actual_minutes = forms.IntegerField(
        label="How long did it last (minutes)?",
        min_value=1,
        max_value=MAX_MEETING_MINUTES,
        required=False,
        help_text="Needed if it took place. Between 1 and 480 minutes.",
        error_messages={
            "min_value": "Enter at least 1 minute.",
            "max_value": "A meeting can last at most 480 minutes (8 hours).",
            "invalid": "Enter the length as a whole number of minutes.",
        },
    )
    themes = IdsChoiceField(
        label="Themes you discussed",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Your private notes",
        max_length=bounds.MEETING_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the two of you see these: not the programme office, not in any email.",
    )

    def __init__(self, *args, themes, reviewed_here: Sequence[str] = (), **kwargs):
        """`reviewed_here`: the reviews of earlier steps recorded at the meeting, in words
        (“Read the staff survey” (done)), which a meeting that did not take place holds
        none of."""
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
        # Needed when the meeting took place (`clean`): not marked "(optional)".
        self.fields["actual_minutes"].needed_to_submit = True
        self.reviewed_here = list(reviewed_here)
        if self.reviewed_here and self.is_bound and self.data.get(self.add_prefix("held")) == "no":
            self._offer_to_clear_reviews()

    def _offer_to_clear_reviews(self) -> None:
        """Said not to have taken place: the tick that clears its reviews with the log,
        beside the question, saying which and what clearing does, before anything is
        saved (they cannot be brought back)."""
        self.fields["clear_reviews"] = forms.BooleanField(
            label="Clear the reviews recorded at this meeting",
            required=False,
            help_text=f"Reviewed at this meeting: {', '.join(self.reviewed_here)}. Once "
            "cleared, these reviews and their notes cannot be brought back. Each step goes "
            "back to how it stood before this meeting (or to its review at a later meeting, "
            "if it has one); a step left open or in progress comes up again at your next "
            "meeting.",
        )
        self.order_fields(["held", "clear_reviews"])

    def clean(self):
        data = super().clean()
        if (
            data.get("held")
            and not data.get("actual_minutes")
            and "actual_minutes" not in self.errors
        ):
            self.add_error("actual_minutes", "Say how long the meeting lasted, in minutes.")
        return data


class ActionStepForm(LimitedForm):
    """A new action step agreed at the meeting of `meeting_day`. Left empty, nothing is
    recorded."""

    text = forms.CharField(
        label="What will be done",
        max_length=bounds.ACTION_STEP,
        required=False,
    )
    owner = forms.ChoiceField(
        label="Who does it",
        choices=[("", "Choose…"), *ActionOwner.choices],
        required=False,
    )
    due_on = forms.DateField(
        label="Due by",
        required=False,
        widget=DateInput,
        # Its bounds said in the words of its help (`action_due_problem`), not the years
        # every other date box names.
        error_messages={"invalid": "Enter a real date."},
    )
    needs = forms.CharField(
        label="What it will take",
        max_length=bounds.ACTION_NEEDS,
        required=False,
        help_text="Resources, history or politics to understand.",
    )
    # What to say when there is no text: how to leave the row without one.
    no_text = "Say what will be done, or clear this action step."

    def __init__(self, *args, meeting_day: date, names: dict[str, str] | None = None, **kwargs):
        """`names`: who each side is ({"mentor": "Maya (you)", ...}), offered by name."""
        super().__init__(*args, **kwargs)
        self.meeting_day = meeting_day
        self.fields["due_on"].help_text = (
            f"On or after {meeting_day:%-d %B %Y}, the day of the meeting, and in "
            f"{bounds.LATEST_YEAR} at the latest."
        )
        # Optional as a row, needed within a step: not marked "(optional)"; the log page
        # says the rule once, above the steps (templates/mentoring/meeting_log.html).
        self.fields["text"].needed_to_submit = True
        self.fields["owner"].needed_to_submit = True
        # Who may do it, as the error asking for one names them: as "Who does it" offers.
        self.owners = "the mentor or the board member"
        if names:
            sides = {side: names.get(side, label) for side, label in ActionOwner.choices}
            self.fields["owner"].choices = [("", "Choose…"), *sides.items()]
            self.owners = " or ".join(sides.values())
        # One message for "Who does it" missing or not one of those offered.
        self.fields["owner"].error_messages["invalid_choice"] = self.who_does_it()

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        problem = action_due_problem(due_on, meeting_day=self.meeting_day)
        if problem:
            raise forms.ValidationError(problem)
        return due_on

    def clean(self):
        data = super().clean()
        # Text refused already (too long) was still given: who does it is asked for at
        # once, not only once the text is put right.
        given = data.get("text") or "text" in self.errors
        if given and not data.get("owner") and "owner" not in self.errors:
            self.add_error("owner", self.who_does_it())
        # Text that was given but is too long already has its message.
        if not data.get("text") and "text" not in self.errors and self.started(data):
            self.add_error("text", self.no_text)
        return data

    def who_does_it(self) -> str:
        return f"Say who will do this: {self.owners}."

    def started(self, data: dict) -> bool:
        """Whether the row says anything: a new row left empty records nothing."""
        return bool(data.get("owner") or data.get("due_on") or data.get("needs"))

    def action(self) -> NewAction | None:
        data = self.cleaned_data
        if not data.get("text"):
            return None
        return NewAction(data["text"], data["owner"], data.get("due_on"), data.get("needs", ""))


class ActionCorrectionForm(ActionStepForm):
    """An action step agreed at this meeting, to correct or remove. A step already reviewed
    at a later meeting keeps its history: it can be corrected, not removed (`removable`)."""

    remove = forms.BooleanField(label="Remove this action step", required=False)

    def __init__(self, *args, action, removable: bool, **kwargs):
        super().__init__(
            *args,
            prefix=f"step-{action.pk}",
            initial={
                "text": action.text,
                "owner": action.owner,
                "due_on": action.due_on,
                "needs": action.needs,
            },
            **kwargs,
        )
        self.action_step = action
        self.removable = removable
        if removable:
            self.no_text = "Say what will be done, or tick “Remove this action step”."
        else:
            del self.fields["remove"]
            self.no_text = "Say what will be done."

    def clean(self):
        if self.removed():
            # A step being removed is not checked: its old date may be the reason to remove
            # it. What was typed stays in the boxes, should the page come back.
            self._errors.clear()
            return self.cleaned_data
        return super().clean()

    def started(self, data: dict) -> bool:
        """A step agreed at the meeting always says something: emptied, it is asked for
        again (or to be removed), never taken as a row left empty."""
        return True

    def removed(self) -> bool:
        return bool(self.cleaned_data.get("remove"))

    def correction(self) -> ActionCorrection | None:
        """What changed, or None when the step is kept as it was (or removed)."""
        if self.removed() or not self.has_changed():
            return None
        data = self.cleaned_data
        return ActionCorrection(
            self.action_step.pk,
            NewAction(data["text"], data["owner"], data.get("due_on"), data.get("needs", "")),
        )


class _ActionStepFormSet(bounds.CountsCheckedFormSet, forms.BaseFormSet):
    pass


ActionStepFormSet = forms.formset_factory(
    ActionStepForm,
    formset=_ActionStepFormSet,
    extra=NEW_ACTION_ROWS,
    max_num=NEW_ACTION_ROWS,
    absolute_max=NEW_ACTION_ROWS,
)


class ReviewForm(LimitedForm):
    """How one earlier action step went. Left empty, it stays open for the next meeting."""

    status = forms.ChoiceField(
        label="How did it go?",
        choices=[
            ("", "Not discussed"),
            (ActionStatus.DONE, "Done"),
            (ActionStatus.IN_PROGRESS, "In progress"),
            (ActionStatus.DROPPED, "Dropped"),
        ],
        required=False,
    )
    note = forms.CharField(
        label="Note",
        max_length=bounds.ACTION_REVIEW,
        required=False,
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, prefix=f"review-{action.pk}", **kwargs)
        self.action = action

    def review(self) -> Review | None:
        status = self.cleaned_data.get("status")
        return Review(self.action.pk, status, self.cleaned_data.get("note", "")) if status else None


class PairRequestForm(LimitedForm):
    kind = forms.ChoiceField(
        label="What would you like?",
        choices=[
            (PairRequestKind.END, "End the pairing"),
            (PairRequestKind.CONCERN, "Raise a concern with the programme office"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to end the pairing or raise a concern."},
    )
    note = forms.CharField(
        label="A note for the programme office",
        max_length=bounds.PAIR_REQUEST_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    # Whether the note is needed follows the kind chosen (posted, or from the link followed):
    # marked "(optional)" only where it is.
    NOTE_NEEDED = {
        PairRequestKind.CONCERN: (True, "Needed for a concern: say what it is, in a few words."),
        PairRequestKind.END: (
            False,
            "No reason is needed to end a pairing (only a concern needs a few words).",
        ),
    }
    NOTE_FOR_EITHER = (True, "Needed for a concern; no reason is needed to end a pairing.")
    # Said of a kind the person has already sent and the office has not decided yet.
    SENT_ALREADY = {
        PairRequestKind.END: "You have already sent this to the programme office: they have "
        "your request to end the pairing and will be in touch.",
        PairRequestKind.CONCERN: "You have already sent this to the programme office: they have "
        "your concern and will be in touch.",
    }

    def __init__(self, *args, already=(), **kwargs):
        """`already`: the kinds the person has sent that are still open, which the form no
        longer offers (one of each is open at a time: `pair_request_one_open_per_kind`)."""
        super().__init__(*args, **kwargs)
        self.already = set(already)
        kind_field = self.fields["kind"]
        kind_field.choices = [c for c in kind_field.choices if c[0] not in self.already]
        if len(kind_field.choices) == 1:  # nothing to choose between: the one left
            self.initial["kind"] = kind_field.choices[0][0]
        sent = self.data.get("kind") if self.is_bound else None
        if sent in self.already:  # from a page read before it was sent: said so, not "invalid"
            kind_field.error_messages = {
                **kind_field.error_messages,
                "invalid_choice": self.SENT_ALREADY[sent],
            }
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        needed, why = self.NOTE_NEEDED.get(kind, self.NOTE_FOR_EITHER)
        note = self.fields["note"]
        note.needed_to_submit = needed
        note.help_text = (
            f"{why} Only the programme office reads this; your partner never sees it. "
            f"{note.help_text}"
        )

    def clean(self):
        data = super().clean()
        # A note refused already (too long) is not also "missing".
        if data.get("kind") == PairRequestKind.CONCERN and not data.get("note", "x").strip():
            self.add_error("note", "Say what the concern is, in a few words.")
        return data

    def asked(self) -> str:
        """What is asked, in the words the confirmation uses."""
        return dict(self.fields["kind"].choices)[self.cleaned_data["kind"]]


class PlanForm(forms.Form):
    """Tick the dates to propose; each becomes a proposal the partner accepts or moves."""

    def __init__(self, *args, times, minutes: int, busy: list[Busy] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.times = times
        # A date that overlaps what is in the person's diary already (their meeting in
        # another pair, an event) says so, and is left unticked.
        self.overlapping = {
            moment: clashes(moment, meeting_end(moment, minutes), busy or []) for moment in times
        }
        self.fields["dates"] = forms.MultipleChoiceField(
            label="Dates to propose",
            choices=[(moment.isoformat(), self._label(moment)) for moment in times],
            widget=forms.CheckboxSelectMultiple,
            initial=[moment.isoformat() for moment in times if not self.overlapping[moment]],
            help_text=f"Times are {zone_in_words()}.",
            error_messages={
                "required": "Tick at least one date to propose.",
                "invalid_choice": "Some of these dates are no longer on offer (perhaps they "
                "were just proposed). Here is the plan as it stands now.",
            },
        )

    def _label(self, moment: datetime) -> str:
        label = f"{timezone.localtime(moment):%A %-d %B %Y, %H:%M}"
        overlaps = self.overlapping[moment]
        if overlaps:
            label += " (overlaps " + " and ".join(item.label for item in overlaps) + ")"
        return label

    def chosen(self) -> list[datetime]:
        wanted = set(self.cleaned_data["dates"])
        return [moment for moment in self.times if moment.isoformat() in wanted]
