"""The event admin's forms: the event's own, saying beside each field what may no longer
change once a place is taken or the event has started (an end left empty keeps the event's
length), and the one question asked before an event is called off."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from accounts import bounds
from mentoring.cadence import ends_after
from mentoring.models import Event
from mentoring.models.events import CAPACITY_RANGE, ENDS_AFTER_IT_STARTS, HALF_DAY, PLACE_OR_LINK
from mentoring.services.events import (
    FIXED_ONCE_HELD,
    FIXED_ONCE_TAKEN,
    fixed_once_taken,
    moved_into_the_past,
    places_taken_problem,
    time_fixed,
)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label="Online link",
        required=False,
        assume_scheme="https",
        max_length=bounds.ONLINE_LINK,
        help_text="The address to join at, starting with https://.",
    )

    class Meta:
        model = Event
        fields = [
            "programme",
            "kind",
            "audience",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
        ]

    def __init__(self, *args, **kwargs):
        """A saved event is read with its places and attendance (`EventAdmin.get_queryset`):
        what of it may change is said from those, not asked again."""
        super().__init__(*args, **kwargs)
        self.places_taken, self.time_fixed, self.length = 0, None, None
        if "starts_at" not in self.fields:
            return  # a page shown read-only (view permission only, or called off)
        self.fields["ends_at"].required = False
        # Here, not only on the model: `clean` adds half a day to the start, which would
        # overflow in the year 9999 before the model's own validation runs.
        for name in ("starts_at", "ends_at"):
            self.fields[name].validators.append(bounds.validate_sensible_date)
        if "capacity" in self.fields:
            self.fields["capacity"].validators = list(CAPACITY_RANGE)
        self.length = None
        self.time_fixed = time_fixed(self.instance) if self.instance.pk else None
        if self.time_fixed:
            for name in FIXED_ONCE_HELD:
                if name in self.fields:
                    # Said beside the field; `event_update` refuses a move in the service too.
                    self.fields[name].disabled = True
                    self.fields[name].help_text = self.time_fixed
        elif self.instance.pk and "ends_at" in self.fields:
            # As a moved meeting keeps its length: the end is left empty, so that a new
            # start alone moves the whole event instead of being refused as ending before it.
            self.length = self.instance.ends_at - self.instance.starts_at
            self.initial["ends_at"] = None
            saved_end = timezone.localtime(self.instance.ends_at)
            self.fields["ends_at"].help_text = (
                f"It ends at {saved_end:%H:%M} on {saved_end:%-d %B %Y}. Leave empty to keep "
                f"its length ({_length(self.length)}) wherever the start moves."
            )
        self.places_taken = self.instance.places_taken if self.instance.pk else 0
        for name in FIXED_ONCE_TAKEN:
            if self.places_taken and name in self.fields:
                # Said beside the field; `event_update` refuses a change in the service too.
                self.fields[name].disabled = True
                self.fields[name].help_text = fixed_once_taken(
                    event=self.instance, field=name, taken=self.places_taken
                )
        if self.places_taken and "capacity" in self.fields:
            # Said beside the field, before anyone tries a capacity below it.
            self.fields["capacity"].help_text += (
                f" {_places(self.places_taken)} "
                f"{'is' if self.places_taken == 1 else 'are'} taken, so no fewer than that."
            )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        problem = places_taken_problem(taken=self.places_taken, capacity=capacity)
        if problem:
            raise forms.ValidationError(problem)
        return capacity

    def clean(self):
        cleaned = super().clean()
        for name in FIXED_ONCE_TAKEN:
            if self.places_taken and name in self.fields:
                # Disabled, so Django would keep the saved value: a change posted (from a page
                # drawn before a place was taken) is refused, not dropped silently. Before
                # `_post_clean`, the instance still holds the saved event here.
                posted = self.data.get(self.add_prefix(name))
                if posted and posted != str(self.instance.serializable_value(name)):
                    self.add_error(name, fixed_once_taken(event=self.instance, field=name))
        if self.time_fixed:
            # The same for a start or end posted from a page drawn before the event started:
            # said once, beside the first that moved.
            moved = [name for name in FIXED_ONCE_HELD if self._posted_a_change(name)]
            if moved:
                self.add_error(moved[0], self.time_fixed)
        if self.instance.pk and "starts_at" not in self.errors:
            problem = moved_into_the_past(
                taken=self.places_taken, before=self.instance, starts_at=cleaned.get("starts_at")
            )
            if problem:
                self.add_error("starts_at", problem)
        if cleaned.get("location") == "" and cleaned.get("online_url") == "":
            # Beside the place and linked from the summary; with an error on the place, the
            # model leaves out its check (`_post_clean`), so it is said once.
            self.add_error("location", PLACE_OR_LINK)
        if cleaned.get("starts_at") and not cleaned.get("ends_at"):
            # The length as it passes, not on the clock face: a 32-hour retreat moved over
            # the night the clocks go back still lasts 32 hours.
            cleaned["ends_at"] = ends_after(cleaned["starts_at"], self.length or HALF_DAY)
            self.instance.ends_at = cleaned["ends_at"]
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts and "ends_at" not in self.errors:
            # Beside the end's boxes and linked from the summary, not as the whole form's:
            # with an error on the end, the model leaves out its own check, so it is said once.
            self.add_error("ends_at", ENDS_AFTER_IT_STARTS)
        return cleaned

    def _posted_a_change(self, name) -> bool:
        """A value was posted for the disabled field `name` that differs from the saved one."""
        field = self.fields[name]
        posted = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        if not any(posted if isinstance(posted, list | tuple) else [posted]):
            return False
        try:
            return field.clean(posted) != getattr(self.instance, name)
        except forms.ValidationError:
            return True


def _length(length: timedelta) -> str:
    """A length in words: "3 hours 30 minutes", "1 hour", "45 minutes", "2 days 1 hour"."""
    minutes = int(length.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts if n) or "0 minutes"


def _places(count: int) -> str:
    return f"{count} place{'' if count == 1 else 's'}"


class CallOffForm(forms.Form):
    """The confirmation's one question before an event is called off."""

    # A line break counts once against the limit (`state_limit`, below).
    message = forms.CharField(
        label="Message to those holding places (optional)",
        required=False,
        max_length=bounds.SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Put in their email and on their events page, e.g. why, and whether "
        "another date will follow.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds.state_limit(self.fields["message"])
