"""`|widget_attrs` (config.form_fields) writes an input's attributes as Django's own widget
template does (django/forms/widgets/attrs.html, which the project's templates/ replace with
it for every widget), which the radio buttons and tick boxes used to loop over tag by tag;
and the options drawn through it have the attributes Django's widgets would give them."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy

from config.form_fields import widget_attrs
from config.form_renderer import FormRenderer

# Django's own attrs.html, read from Django itself: the project's templates/ draw theirs with
# the filter (templates/django/forms/widgets/attrs.html), which an include would find first.
DJANGOS = engines["django"].from_string(
    (Path(forms.__file__).parent / "templates/django/forms/widgets/attrs.html").read_text()
)

ATTRIBUTES = [
    {},
    {"id": "id_themes_0"},
    {"id": "id_x", "required": True, "checked": True},
    {"id": "id_x", "disabled": False, "checked": False},
    {"aria-describedby": "id_x_helptext id_x_error", "data-n": 3, "maxlength": 150},
    {"title": 'Say "yes" & <mean> it', "data-safe": mark_safe("<b>kept</b>")},
    {"value": None, "data-zero": 0, "data-empty": ""},
    {'on"click': "x", "tabindex": -1},
]


@pytest.mark.parametrize("attrs", ATTRIBUTES)
def test_the_attributes_are_djangos(attrs):
    assert widget_attrs(attrs) == DJANGOS.render({"widget": {"attrs": attrs}})


@pytest.mark.parametrize("attrs", ATTRIBUTES)
def test_every_widget_writes_its_attributes_with_it(attrs):
    """The project's attrs.html, which Django's widget templates include, writes the same."""
    ours = engines["django"].get_template("django/forms/widgets/attrs.html")
    assert "widget_attrs" in Path(ours.origin.name).read_text()

    assert ours.render({"widget": {"attrs": attrs}}) == DJANGOS.render({"widget": {"attrs": attrs}})


class Choices(forms.Form):
    colour = forms.ChoiceField(
        choices=[("r", "Red & rose"), ("g", "Green")], widget=forms.RadioSelect
    )
    sizes = forms.MultipleChoiceField(
        choices=[(1, "Small"), (2, "Large")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick any.",
    )


def _inputs(html: str) -> list[set[tuple[str, str]]]:
    """Each <input>'s attributes (in any order: crispy's put the id first)."""
    return [
        set(re.findall(r'([\w-]+)(?:="([^"]*)")?', tag.removeprefix("<input")))
        for tag in re.findall(r"<input[^>]*>", html)
    ]


@pytest.mark.parametrize("data", [None, {"sizes": ["2"]}, {"colour": "x", "sizes": ["9"]}])
def test_radio_buttons_and_tick_boxes_have_the_attributes_djangos_widgets_give(data):
    form = Choices(data)
    drawn = engines["django"].from_string(
        "{% load crispy_forms_filters %}{{ field|as_crispy_field }}"
    )

    for name in ("colour", "sizes"):
        ours = _inputs(drawn.render({"field": form[name]}))
        djangos = _inputs(str(form[name]))
        # Ours add Bootstrap's class (marked invalid with the field); the rest is Django's.
        bootstrap = {("class", "form-check-input" + (" is-invalid" if form[name].errors else ""))}
        assert ours == [attributes | bootstrap for attributes in djangos]
        assert len(ours) == 2


CHOICES = [("", "Choose"), ("a", "Audit & risk"), ("Boards", [("f", "Finance"), ("p", "People")])]


class Disabling(forms.Select):
    """A select whose options carry attributes of their own."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["disabled"] = option["value"] == "f"
        return option


class OwnOption(forms.Select):
    """A select whose options have a template of their own: drawn by its templates."""

    option_template_name = "django/forms/widgets/radio_option.html"


WIDGETS = [
    (forms.TextInput(attrs={"maxlength": 150, "class": "form-control"}), "Maya <Mentor>"),
    (forms.TextInput(), None),
    (forms.EmailInput(), "maya@example.org"),
    (forms.NumberInput(attrs={"min": 0}), 0),
    (forms.PasswordInput(), "secret"),
    (forms.DateInput(), "2026-12-02"),
    (forms.HiddenInput(), 'say "yes"'),
    (forms.Textarea(attrs={"rows": 4}), "Line one\nline <two> & three"),
    (forms.Textarea(), ""),
    (forms.Select(choices=CHOICES), "f"),
    (forms.Select(choices=CHOICES), None),
    (forms.SelectMultiple(choices=CHOICES), ["a", "p"]),
    (forms.NullBooleanSelect(), True),
    (forms.URLInput(), "https://example.org/?a=1&b=<2>"),
    (forms.TimeInput(), "09:30"),
    (forms.DateTimeInput(), "2026-12-02 09:30"),
    (forms.NumberInput(attrs={"step": "any"}), Decimal("1234.50")),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(), "on"),
    (forms.TextInput(), mark_safe("<b>kept</b>")),
    (forms.Textarea(), mark_safe("<b>kept</b>")),
    (forms.Select(choices=[(1, 1000), (2, _lazy("Later & sooner"))]), 1),
    (forms.Select(choices=[(_lazy("Lazy & group"), [("x", mark_safe("<i>X</i>"))])]), "x"),
    (forms.Select(choices=[]), None),
    (Disabling(choices=CHOICES), "a"),
    (OwnOption(choices=CHOICES), "a"),
    (forms.SelectDateWidget(years=[2026, 2027]), "2026-12-02"),
    (forms.SplitDateTimeWidget(), None),
    (forms.RadioSelect(choices=CHOICES), "p"),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda x: type(x).__name__)
def test_the_projects_widget_templates_draw_what_djangos_draw(widget, value):
    """The project's form renderer (config/form_renderer.py) draws inputs, selects and text
    areas in Python, and templates/django/forms/widgets/ replace Django's input, select,
    option and textarea templates with ones that write the attributes in place: both the
    same text as Django's own (its DjangoTemplates renderer, which does not read the
    project's templates), for every kind of input and the widgets left to their templates."""
    assert isinstance(get_default_renderer(), FormRenderer)
    attrs = {"id": "id_x", "required": True, "aria-describedby": "id_x_helptext"}
    ours = widget.render("x", value, attrs=attrs, renderer=get_default_renderer())
    djangos = widget.render("x", value, attrs=attrs, renderer=DjangoTemplates())

    assert ours == djangos
