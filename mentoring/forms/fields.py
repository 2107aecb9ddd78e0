import copy
import functools
from collections.abc import Callable

from crispy_forms.layout import LayoutObject
from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.widgets import ChoiceWidget
from django.utils.choices import normalize_choices
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from accounts.escaping import escaped_text
from mentoring.availability import PARTS_OF_DAY, SLOTS, WEEKDAYS, from_mask, to_mask

YES_NO = [("yes", "Yes"), ("no", "No")]


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


class FixedChoices:
    """A choice field whose choices are fixed when it is made: the copy of it each form
    makes shares them, rather than copying every choice (Django's `ChoiceField` deep-copies
    them, a third of building the profile form). Its choices are never changed in place,
    only given anew (`field.choices = …`), which gives that form's copy a list of its own."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the field, its widget and messages


class FixedTypedChoiceField(FixedChoices, forms.TypedChoiceField):
    """Choices given once (a model field's, by `formfield_callback`, or the form's own),
    shared by the forms' copies."""


class CopiedFields(dict):
    """A form class's fields (`base_fields`, given by `fields_copied_quickly`), which each form
    made copies (`copy.deepcopy`, in Django's `BaseForm.__init__`): each field and widget as
    its own `__deepcopy__` copies it, by `_copied`, without the steps `copy` takes for each
    object (its dispatch, `__reduce_ex__`, reconstruction): /profile/'s three forms took
    1,100 Python calls a request to copy, 300 so."""

    def __deepcopy__(self, memo):
        return {name: _copied(field, memo) for name, field in self.items()}


def fields_copied_quickly(form_class):
    """Class decorator: the form's fields copied for each form by `_copied` (CopiedFields)."""
    form_class.base_fields = CopiedFields(form_class.base_fields)
    return form_class


# The `__deepcopy__` of Django's fields (and FixedChoices') that `_copied` copies as they do:
# the field with its attributes, its widget, messages and validators its own; a model choice
# field its queryset too. A choice field's own copies its choices (`ChoiceField`): by it.
COPIED_FIELDS = {
    forms.Field.__deepcopy__,
    FixedChoices.__deepcopy__,
    forms.ModelChoiceField.__deepcopy__,
}
# And widgets': the widget with its attributes, its `attrs` its own; a choice widget its
# choices too (`_choices_copied`).
COPIED_WIDGETS = {forms.Widget.__deepcopy__, ChoiceWidget.__deepcopy__}


def _copied(field: forms.Field, memo: dict) -> forms.Field:
    """`copy.deepcopy(field, memo)`, as Django's `Field.__deepcopy__` (or a model choice
    field's) makes it."""
    if not _copied_here(field, memo, COPIED_FIELDS):
        return copy.deepcopy(field, memo)
    result = memo[id(field)] = _shallow(field)
    result.widget = _copied_widget(field.widget, memo)
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    own = type(field).__deepcopy__
    if own is forms.ModelChoiceField.__deepcopy__ and field.queryset is not None:
        result.queryset = field.queryset.all()
    return result


def _copied_widget(widget: forms.Widget, memo: dict) -> forms.Widget:
    """`copy.deepcopy(widget, memo)`, as Django's `Widget.__deepcopy__` (or a choice
    widget's) makes it."""
    if not _copied_here(widget, memo, COPIED_WIDGETS):
        return copy.deepcopy(widget, memo)
    result = memo[id(widget)] = _shallow(widget)
    result.attrs = widget.attrs.copy()
    if type(widget).__deepcopy__ is ChoiceWidget.__deepcopy__:
        result._choices = _choices_copied(widget._choices)
    return result


def _copied_here(thing, memo: dict, copies: set) -> bool:
    """Whether `thing` (not copied yet by this `memo`) is copied here: its kind's
    `__deepcopy__` is one of those copied here (`copies`) and `copy` copies it as
    `_shallow` does."""
    kind = type(thing)
    return kind.__deepcopy__ in copies and _copied_as_attributes(kind) and id(thing) not in memo


def _choices_copied(choices):
    """What a choice widget's copy makes of its `choices` (`copy.copy`, then the setter's
    `normalize_choices`): for a list, normalised when it was given, a new list of the same
    choices, each group's a new list too."""
    if type(choices) is not list:
        return normalize_choices(copy.copy(choices))
    return [(value, label[:] if type(label) is list else label) for value, label in choices]


def _shallow(thing):
    """`copy.copy(thing)`, for a kind `_copied_as_attributes`: a new one, its attributes
    the same."""
    result = type(thing).__new__(type(thing))
    result.__dict__.update(thing.__dict__)
    return result


@functools.cache
def _copied_as_attributes(kind: type) -> bool:
    """Whether `copy.copy` copies a thing of `kind` as `_shallow` does: a kind with no hook of
    `copy`'s or `pickle`'s of its own and no slots."""
    hooks = ("__reduce_ex__", "__reduce__", "__getstate__", "__new__")
    return (
        all(getattr(kind, hook) is getattr(object, hook) for hook in hooks)
        and not hasattr(kind, "__copy__")
        and not hasattr(kind, "__setstate__")
        and not any("__slots__" in vars(base) for base in kind.__mro__)
    )


class YesNoField(FixedChoices, forms.TypedChoiceField):
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
        """The grid's own boxes, not the options a choice widget works out for each: its
        text for this name and id (`_grid`), each box ticked that is chosen."""
        attrs = self.build_attrs(self.attrs, attrs)
        pieces, values = _grid(name, attrs.get("id", f"id_{name}"))
        chosen = {str(v) for v in (value or [])}
        drawn = [pieces[0]]
        for box, piece in zip(values, pieces[1:], strict=True):
            drawn += (" checked" if box in chosen else "", piece)
        return mark_safe("".join(drawn))


# Where each box of the grid says whether it is ticked (`_grid`): no name or id holds it.
_TICK = "\x00"


@functools.lru_cache(maxsize=64)
def _grid(name: str, base_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The grid's text for a widget's `name` and id, cut where each box says whether it is
    ticked: the pieces, and the value of each box between them. The same for every form of a
    name and id, so worked out once per process: escaping its names took 170 Python calls a
    page."""
    heads = "".join(
        f'<th scope="col" class="text-center text-capitalize">{escaped_text(part)}</th>'
        for part in PARTS_OF_DAY
    )
    rows = "\n".join(_grid_row(name, base_id, day) for day in WEEKDAYS)
    text = (
        '<table class="table table-sm availability-grid w-auto mb-0">\n'
        f"<thead><tr><td></td>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    )
    values = tuple(str(SLOTS.index((day, part))) for day in WEEKDAYS for part in PARTS_OF_DAY)
    return tuple(text.split(_TICK)), values


def _grid_row(name: str, base_id: str, day: str) -> str:
    """A weekday of the availability grid: its name, and a box with its label for each part
    of the day, where it says whether it is ticked marked (`_TICK`)."""
    boxes = []
    for part in PARTS_OF_DAY:
        box, value = escaped_text(f"{base_id}_{day.lower()}_{part}"), str(SLOTS.index((day, part)))
        label = escaped_text(f"{day} {part}")
        boxes.append(
            '<td class="text-center"><input class="form-check-input" type="checkbox" '
            f'name="{escaped_text(name)}" value="{value}" id="{box}"{_TICK}> '
            f'<label class="visually-hidden" for="{box}">{label}</label></td>'
        )
    return (
        f'<tr><th scope="row"><span class="day-long">{escaped_text(day)}</span>'
        f'<span class="day-short" aria-hidden="true">{escaped_text(day[:3])}</span></th>'
        f"{''.join(boxes)}</tr>"
    )


class AvailabilityField(FixedChoices, forms.MultipleChoiceField):
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


class FetchedChoices(ModelChoiceIterator):
    """A model choice field's choices as Django's own iterator gives them, of the rows
    `fetch()` reads (a `Statement`'s, its SQL worked out once per process) rather than of
    the field's queryset, whose query Django builds anew each time it is drawn. The
    queryset still checks what is sent: `fetch` reads the same rows, in the same order."""

    def __init__(self, field, fetch: Callable[[], list]):
        super().__init__(field)
        self.fetch = fetch

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.fetch():
            yield self.choice(row)

    def __len__(self):
        return len(self.fetch()) + (self.field.empty_label is not None)


def fetch_choices(field: forms.ModelChoiceField, fetch: Callable[[], list]) -> None:
    """Draw `field`'s choices from the rows `fetch()` reads (`FetchedChoices`), when it is
    drawn."""
    field.iterator = lambda field: FetchedChoices(field, fetch)
    field.widget.choices = field.choices


class AvailabilityGrid(LayoutObject):
    """`AvailabilityGrid(name)`: how a crispy layout draws the availability grid, a fieldset
    around the widget's own table, its label the legend. The errors are named with the help
    text, as a scale question's (evaluation/includes/scale_field.html): a screen reader
    entering the grid hears both. Drawn in Python, as the form's other fields are
    (config.form_fields); through a template it took 500 Python calls a page."""

    def __init__(self, name: str):
        self.fields = [name]

    def render(self, form, context, template_pack=None, **kwargs) -> SafeString:
        field = form[self.fields[0]]
        auto_id = conditional_escape(field.auto_id)
        named = []
        help_text = error = ""
        if field.help_text:
            named.append(f"{auto_id}_helptext")
            help_text = (
                f'<div id="{auto_id}_helptext" class="form-text mb-2">'
                f"{conditional_escape(field.help_text)}</div>"
            )
        if field.errors:
            named.append(f"{auto_id}_error")
            errors = "".join(
                f'<p class="mb-0"><strong>{conditional_escape(text)}</strong></p>'
                for text in field.errors
            )
            error = (
                f'<div id="{auto_id}_error" class="invalid-feedback d-block mb-2">{errors}</div>'
            )
        described = f' aria-describedby="{" ".join(named)}"' if named else ""
        return mark_safe(
            f'\n\n<fieldset id="div_{auto_id}" class="mb-3"{described}>\n'
            f'  <legend class="form-label fs-6">{conditional_escape(field.label)}</legend>\n'
            f"  {help_text}\n  {error}\n  {conditional_escape(field)}\n</fieldset>\n"
        )
