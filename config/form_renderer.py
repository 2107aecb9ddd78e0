"""The form renderer (settings.FORM_RENDERER): Django's TemplatesSetting, with the widgets
every form draws most (inputs of each type, selects and their options, text areas) written
in Python rather than through their templates. Their text is Django's own, character for
character (tests/config/test_widget_attrs_read_as_djangos_own.py draws each beside Django's
templates); any other widget (radio buttons, tick boxes, several widgets in one, a file
input with its current file) and any option with a template of its own still goes through
its template.

Through the templates, each of these widgets took 0.2 to 0.5 ms (an include for the type,
one for each option, a tag for each variable): about a sixth of `/profile/`, which draws
seven of them."""

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString

from accounts.escaping import as_text, escaped_text
from config.form_fields import widget_attrs

WIDGETS = "django/forms/widgets/"
OPTION = f"{WIDGETS}select_option.html"
# Django's templates for an <input>: each only includes input.html.
INPUT_TYPES = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]
# A template renders its variables in a context like this one (autoescaped, the active
# language's formats).
CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """`{{ value }}` in a template: localised, escaped unless marked safe (plain text, which
    nothing localises, escaped at once)."""
    if type(value) is str:
        return escaped_text(value)
    return render_value_in_context(value, CONTEXT)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{as_text(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{widget_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{as_text(option["value"])}"{widget_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    html = [f'<select name="{_shown(widget["name"])}"{widget_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None  # an option drawn its own way: the whole select by its template
            # An included template keeps its closing line break.
            html.append(f"\n  {_option(option)}\n")
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{widget_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


DRAWN = {
    **{f"{WIDGETS}{kind}.html": _input for kind in ["input", *INPUT_TYPES]},
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}textarea.html": _textarea,
}


class FormRenderer(TemplatesSetting):
    """What Django's renderer returns: the widget's text, stripped of the space around it."""

    def render(self, template_name, context, request=None) -> SafeString:
        draw = DRAWN.get(template_name)
        drawn = draw(context["widget"]) if draw is not None and "widget" in context else None
        if drawn is None:
            return super().render(template_name, context, request)
        return SafeString(drawn)  # `mark_safe` of text
