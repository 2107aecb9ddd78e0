"""A field's widget is drawn (config.form_fields, `_bound_widget`) with the attributes and
value Django's bound field gives it (`BoundField.as_widget`: required, disabled,
aria-invalid, aria-describedby, the id) and the text Django's own templates write: the same
characters as `str(field)` drawn by Django's own renderer, for odd values (quotes,
ampersands, markup, lazy and marked-safe text, None), required, disabled, localised and
hidden fields, a widget naming its own id or description, and the widgets still drawn by
Django's steps (a hidden initial value, several widgets in one, a file)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy

from config.form_fields import _bound_widget
from config.form_renderer import FormRenderer

ODD = "Say \"hi\" & <b>bye</b> 'now' \u00e9\u2019"


class Odd(forms.Form):
    name = forms.CharField(max_length=20, help_text=ODD)
    nickname = forms.CharField(required=False, initial=_lazy("Lazy & late"))
    frozen = forms.CharField(disabled=True, initial=ODD, required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "own_help"}),
        help_text="Helped elsewhere.",
    )
    statement = forms.CharField(widget=forms.Textarea, required=False, initial=ODD)
    board = forms.ChoiceField(choices=[("", "Choose"), ("a", "Audit & risk")])
    size = forms.TypedChoiceField(
        choices=[(1, _lazy("One & only")), (2, mark_safe("<i>Two</i>"))], coerce=int
    )
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    count = forms.IntegerField(localize=True, initial=1234567)
    amount = forms.DecimalField(required=False, initial=None)
    day = forms.DateField(widget=forms.DateInput(attrs={"id": "own_id"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False, initial=ODD)
    agree = forms.BooleanField(help_text="Tick & go.")
    safe = forms.CharField(initial=mark_safe("<b>kept</b>"), required=False)
    kept = forms.CharField(show_hidden_initial=True, required=False, initial="was")
    span = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)
    address = forms.EmailField(widget=forms.EmailInput(attrs={"data-x": ODD, "autofocus": True}))


class NotRequiredInBrowsers(Odd):
    use_required_attribute = False


SENT = {
    "name": ODD * 3,
    "nickname": ODD,
    "frozen": "changed",
    "notes": ODD,
    "board": "z",
    "size": "9",
    "several": ["b", "c"],
    "count": "12x",
    "amount": "1.5",
    "day": "not a day",
    "secret": ODD,
    "hidden": ODD,
    "safe": "<b>typed</b>",
    "kept": "now",
    "span_0": "2026-12-02",
    "address": "not & an address",
}


def _drawn(form_class, data, name, **kwargs) -> tuple[str, str]:
    """The field's widget drawn here (the project's renderer) and as Django's bound field
    draws it with Django's own templates, each from a form of its own."""
    ours = form_class(data, renderer=FormRenderer(), **kwargs)
    djangos = form_class(data, renderer=DjangoTemplates(), **kwargs)
    for form in (ours, djangos):
        form.is_valid()
    return _bound_widget(ours[name], ours[name].errors), str(djangos[name])


@pytest.mark.parametrize("form_class", [Odd, NotRequiredInBrowsers])
@pytest.mark.parametrize("data", [None, SENT], ids=["unbound", "sent with errors"])
@pytest.mark.parametrize("name", list(Odd.base_fields))
def test_each_widget_is_drawn_as_djangos_bound_field_draws_it(name, data, form_class):
    ours, djangos = _drawn(form_class, data, name)

    assert ours == djangos


@pytest.mark.parametrize(
    "kwargs",
    [{"auto_id": False}, {"auto_id": "field_%s"}, {"prefix": 'x"&y'}],
    ids=["no ids", "ids of its own", "an odd prefix"],
)
@pytest.mark.parametrize("name", ["name", "notes", "board", "agree", "hidden", "kept"])
def test_the_forms_ids_and_prefix_are_followed_too(name, kwargs):
    prefix = kwargs.get("prefix")
    data = {f"{prefix}-{key}" if prefix else key: value for key, value in SENT.items()}
    ours, djangos = _drawn(Odd, data, name, **kwargs)

    assert ours == djangos
