from html import escape

from django import forms
from django.utils.safestring import mark_safe

from mentoring.availability import PARTS_OF_DAY, SLOTS, WEEKDAYS, from_mask, to_mask

YES_NO = [("yes", "Yes"), ("no", "No")]
# How crispy lays out the availability grid (a fieldset around the widget's table).
AVAILABILITY_TEMPLATE = "mentoring/includes/availability_field.html"


class DateInput(forms.DateInput):
    """A browser's date picker. It reads only ISO dates (2026-12-01): a date written the
    British way (01/12/2026) is dropped and the box shows empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """A browser's time picker, which reads 24-hour times without seconds."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class YesNoField(forms.TypedChoiceField):
    """A yes/no question answered with two radio buttons; unanswered is None."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


class AvailabilityWidget(forms.CheckboxSelectMultiple):
    """Weekdays by part of day, as a table of checkboxes. Drawn in Python (`render`): its
    template took 1 ms a page, a sixth of the profile page's form."""

    def id_for_label(self, id_, index=None):
        # The grid's first box, where the error summary takes the person.
        if id_ and index is None:
            return f"{id_}_{WEEKDAYS[0].lower()}_{PARTS_OF_DAY[0]}"
        return super().id_for_label(id_, index)

    def render(self, name, value, attrs=None, renderer=None):
        """The grid's own boxes, not the options a choice widget works out for each."""
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id", f"id_{name}")
        chosen = {str(v) for v in (value or [])}
        heads = "".join(
            f'<th scope="col" class="text-center text-capitalize">{escape(part)}</th>'
            for part in PARTS_OF_DAY
        )
        rows = "\n".join(_grid_row(name, base_id, day, chosen) for day in WEEKDAYS)
        return mark_safe(
            '<table class="table table-sm availability-grid w-auto mb-0">\n'
            f"<thead><tr><td></td>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
        )


def _grid_row(name: str, base_id: str, day: str, chosen: set[str]) -> str:
    """A weekday of the availability grid: its name, and a box with its label for each part
    of the day."""
    boxes = []
    for part in PARTS_OF_DAY:
        box, value = escape(f"{base_id}_{day.lower()}_{part}"), str(SLOTS.index((day, part)))
        checked = " checked" if value in chosen else ""
        boxes.append(
            '<td class="text-center"><input class="form-check-input" type="checkbox" '
            f'name="{escape(name)}" value="{value}" id="{box}"{checked}> '
            f'<label class="visually-hidden" for="{box}">{escape(f"{day} {part}")}</label></td>'
        )
    return (
        f'<tr><th scope="row"><span class="day-long">{escape(day)}</span>'
        f'<span class="day-short" aria-hidden="true">{escape(day[:3])}</span></th>'
        f"{''.join(boxes)}</tr>"
    )


class AvailabilityField(forms.MultipleChoiceField):
    widget = AvailabilityWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        choices = [(str(index), f"{day} {part}") for index, (day, part) in enumerate(SLOTS)]
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return [str(SLOTS.index(slot)) for slot in from_mask(value)]
        return value

    def clean(self, value):
        indexes = super().clean(value)
        return to_mask(SLOTS[int(index)] for index in indexes)

    def has_changed(self, initial, data):
        # The stored value is a bitmask, the submitted one a list of slot numbers.
        return set(self.prepare_value(initial) or []) != {str(value) for value in data or []}
