"""The forms of the survey admin: a survey, its questions, and a survey started from one of the
ready-made templates."""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from accounts.admin_base import PlainWordsForm
from evaluation.models import (
    MIN_GROUP_FLOOR,
    OPTIONS_HELP,
    Question,
    Survey,
    closing_in_words,
    last_day_of,
    start_of_day,
    start_of_day_after,
    starts_its_day,
)
from evaluation.reminders import CLOSING_NOTICE
from evaluation.services import Template
from evaluation.survey_templates import TEMPLATES
from mentoring.forms.fields import DateInput
from mentoring.models import Programme
from mentoring.models.programmes import SETTING_BOUNDS

# Far enough for any real survey; near enough that a copy's dates can always be worked out.
FURTHEST_AHEAD = timedelta(days=5 * 365)
TOO_FAR = "Choose a date in the next five years."

# A survey's minimum group size: within the bounds of the programme's own setting.
GROUP_SIZE = SETTING_BOUNDS["survey_min_group_size"]


class LastDayField(forms.DateField):
    """A survey's `closes_at` (the moment it closes), edited as its last day: a survey that
    closes "after 16 December" is stored as closing at midnight starting the 17th."""

    widget = DateInput

    def prepare_value(self, value):
        return last_day_of(value) if isinstance(value, datetime) else value

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)


# Said beside a survey's last day, after when it closes.
CANNOT_REOPEN = "Once it has closed after asking its questions, it cannot open again."


class SurveyForm(forms.ModelForm):
    closes_at = LastDayField(
        label="Closes after",
        help_text=f"At the end of the day, in the programme's time zone. {CANNOT_REOPEN}",
    )

    class Meta:
        model = Survey
        fields = [
            "programme",
            "title",
            "introduction",
            "audience",
            "pairs_only",
            "opens_at",
            "closes_at",
            "min_group_size",
        ]
        help_texts = {
            "audience": "Accepted mentors, board members who have joined, or both.",
            "opens_at": (
                "Everyone the survey asks is emailed on the day it opens, and those who have "
                f"not answered {CLOSING_NOTICE.days} days before it closes."
            ),
            "min_group_size": (
                f"From {GROUP_SIZE}, as for the programme's own setting. The results of a "
                "smaller group are withheld. Leave it empty to use the programme's "
                "setting. It cannot change once the survey has opened with its questions, as "
                "people answer under it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        closes_at = self.instance.closes_at if self.instance.pk else None
        if "closes_at" in self.fields and closes_at and not starts_its_day(closes_at):
            # Copied from one that closes during a day, it still does (`clean_closes_at`):
            # its box shows the day alone, so the time is said beside it.
            closes = closing_in_words(closes_at)
            self.fields["closes_at"].help_text = (
                f"It closed on {closes}. Its last day can only move earlier. {CANNOT_REOPEN}"
                if closes_at <= timezone.now()
                else f"It closes on {closes}. Keep this day and it still closes at that time; "
                "choose another day and it closes at the end of that day, in the programme's "
                f"time zone. {CANNOT_REOPEN}"
            )
        if "min_group_size" in self.fields:  # read-only once the survey has asked
            size = self.fields["min_group_size"]
            size.required = False
            # The field's own bounds, so that the admin states one rule beside the box and
            # refuses with it (accounts.admin_base), not the column's "0 or more" as well.
            # Larger than the most, every result of a cohort this size would be withheld.
            size.validators += [
                MinValueValidator(
                    MIN_GROUP_FLOOR,
                    message=f"The minimum group size is at least {MIN_GROUP_FLOOR}, so that "
                    "nobody can be picked out from the results.",
                ),
                MaxValueValidator(GROUP_SIZE.high, message=GROUP_SIZE.refused),
            ]
            # Past what the column holds, the same words as past the limit.
            size.error_messages["max_value"] = GROUP_SIZE.refused

    def clean_closes_at(self):
        day = self.cleaned_data["closes_at"]
        if self.instance.pk and "closes_at" not in self.changed_data:
            # Kept as it is: a survey copied from one that closes during a day still does.
            return self.instance.closes_at
        if day > timezone.localdate() + FURTHEST_AHEAD:
            raise ValidationError(TOO_FAR)
        closes_at, was = start_of_day_after(day), self.instance.closes_at
        if self.instance.pk and was <= timezone.now() and was < closes_at <= timezone.now():
            # Closed, and counted as it closed (`Survey.invited_at_close`): a later day gone
            # by would count whom it asked again, with today's people, though nobody could
            # answer it meanwhile.
            raise ValidationError(
                f"It closed after {last_day_of(was):%-d %B %Y}, and was counted then: its "
                "last day can move earlier, but not to a later day gone by."
            )
        return closes_at

    def clean(self):
        cleaned = super().clean()
        furthest = timezone.now() + FURTHEST_AHEAD
        for name in ("opens_at", "closes_at"):
            if cleaned.get(name) and cleaned[name] > furthest:
                self.add_error(name, TOO_FAR)
        if self.instance.pk and self.instance.is_open:
            # Asking nothing yet, it was shown to nobody and emailed nobody: free to change.
            if self.instance.questions.exists():
                self._keep_its_opening(cleaned)
            closes_at = cleaned.get("closes_at")
            if closes_at and closes_at <= self.instance.opens_at:
                # Stopped on the day it opened (its last day set to yesterday, as its page
                # says to stop it): it closes now, after its opening.
                cleaned["closes_at"] = timezone.now()
        programme = cleaned.get("programme") or (
            self.instance.programme if self.instance.programme_id else None
        )
        if (
            "min_group_size" in self.fields
            and cleaned.get("min_group_size") is None
            and programme is not None
        ):
            cleaned["min_group_size"] = programme.survey_min_group_size
        return cleaned

    def _keep_its_opening(self, cleaned) -> None:
        """An open survey with questions keeps when it opened. Those it asks were told it
        is open, and some may be halfway through: a later opening would shut them out with
        no word, an earlier one would email them again. (Whom it asks, its programme,
        audience and "only people in a pair", is read-only from then on: `_locked` in the
        admin.) Closing it is said and confirmed, and a copy asks others."""
        since = self.instance.opens_in_words()
        # As the form showed them (to the second): `changed_data`.
        if cleaned.get("opens_at") and "opens_at" in self.changed_data:
            self.add_error(
                "opens_at",
                f"The survey is open already (since {since}), so its opening cannot move. To "
                "stop it, set its last day to yesterday.",
            )


def _options_in(text: str) -> list[str]:
    """The options typed in a box, one a line, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class OptionsField(forms.CharField):
    """A JSON list of options, edited as one option per line. Checked as the text typed, as
    every other box is (a NUL refused beside it, alone: `accounts.bounds.refuses_nul_alone`;
    a list's `repr` would write it as "\\x00" and let it through to PostgreSQL), and only
    then made a list."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(option) for option in value)
        return value

    def clean(self, value):
        return _options_in(super().clean(value))

    def has_changed(self, initial, data):
        # A blank extra question starts with no options (None, not []): no options typed is
        # no change, so that row is left out rather than refused.
        return (initial or []) != _options_in(self.to_python(data))


class QuestionForm(forms.ModelForm):
    choices = OptionsField(
        label="Options",
        required=False,
        help_text=OPTIONS_HELP,
    )

    class Meta:
        model = Question
        fields = ["position", "text", "help_text", "kind", "choices", "required"]


def template_summary(template: Template) -> str:
    questions = f"{len(template.questions)} questions"
    return f"{questions}, only for people in a pair" if template.pairs_only else questions


# --- starting from a template -----------------------------------------------------------------


class FromTemplateForm(PlainWordsForm, forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.published())
    template = forms.ChoiceField(
        choices=[
            (key, f"{template.title} ({template_summary(template)})")
            for key, template in TEMPLATES.items()
        ]
    )
    opens_on = forms.DateField(
        label="Opens on",
        widget=DateInput,
        help_text="At the start of the day. From tomorrow at the earliest, so that you can "
        "check the questions before anyone is asked; everyone it asks is emailed that day.",
    )
    closes_on = forms.DateField(
        label="Closes after",
        widget=DateInput,
        help_text="At the end of the day.",
    )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and opens_on <= today:
            self.add_error("opens_on", "Choose a day from tomorrow.")
        for name in ("opens_on", "closes_on"):
            if cleaned.get(name) and cleaned[name] > today + FURTHEST_AHEAD:
                self.add_error(name, TOO_FAR)
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The survey closes on or after the day it opens.")
        return cleaned

    @staticmethod
    def start_of(day: date) -> datetime:
        """The survey opens at the start of `day`, said as "2 December 2026" (`start_of_day`)."""
        return start_of_day(day)
