"""How a form field is drawn: crispy-bootstrap5's field template and the templates it
includes, written in Python. Every form field the project draws goes through here:
`{% crispy form %}` and `{{ field|as_crispy_field }}` render templates/bootstrap5/field.html,
which is `{% form_field %}`; a field drawn apart keeps its own way (the availability grid,
mentoring.forms.fields.AvailabilityGrid; a survey's scale question, by its template).

The markup is crispy-bootstrap5's (field.html, layout/radio_checkbox_select.html,
layout/help_text_and_errors.html, help_text.html, field_errors.html and
field_errors_block.html) for the forms this project draws: stacked, labels shown (no form
sets form_class, label_class, a tag or form_show_labels, so those branches are left out), and
changed as the GOV.UK design system advises: no asterisks; an optional question says
"(optional)", unless its form needs it to submit (`needed_to_submit`, a draft that may leave
it empty). Drawn through those templates, a field took 0.4 to 1.5 ms (a variable looked up
and a condition evaluated some fifty times a field, more for each radio button): a third of
`/profile/`. Crispy still adds Bootstrap's class to widgets (`_widget`, as its
`{% crispy_field %}` does), and their templates draw them (config/form_renderer.py draws the
commonest in Python), given the attributes and value Django's bound field gives
(`_bound_widget`, the field's errors read once): through Django's steps, a text box took 150
Python calls, 80 so.

The markup is written with f-strings, each value escaped by `accounts.escaping.escaped` (Django's
`conditional_escape`, without the lazy-text check its `escape` makes on every call), not
with `format_html`: the same text, a field drawn in half the time (`/profile/` 29,800 ->
24,400 Python calls a request).

Also `|widget_attrs`, Django's attrs.html in one step, which every widget's template uses;
the form around the fields (whole_uni_form.html, `{% whole_form %}`); and `Fieldset`, crispy's
layout object of that name (layout/fieldset.html) drawing its fields here directly, without
crispy's `render_field` (which copies the whole page's context for each field and works out
attributes no field is given) and without compiling its legend as a template each time:
with them, crispy's own part of the profile form took 3,400 Python calls a request, as many
as all its fields'. Registered as a built-in of the template engine (config/settings.py)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, optgroups
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from crispy_forms.utils import TEMPLATE_PACK
from django import forms, template
from django.conf import settings
from django.forms.widgets import ChoiceWidget, Widget
from django.template.loader import get_template
from django.templatetags.l10n import unlocalize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from accounts.escaping import ESCAPES, as_text, escaped

register = template.Library()


@register.simple_tag(takes_context=True)
def form_field(context) -> SafeString:
    """`{% form_field %}`: `context["field"]` (a bound field) as crispy-bootstrap5's
    field.html draws it, reading the same settings from the context (`wrapper_class`,
    `field_class`, `help_text_inline`, `error_text_inline`, `form_show_errors`, and for radio
    buttons and tick boxes `inline_class` and `flat_attrs`)."""
    field = context["field"]
    if field.is_hidden:
        return conditional_escape(field)
    kind = field_kind(field)
    errors = field.errors  # a new list each time Django is asked: asked once here
    classes = ["form-check" if kind == "checkbox" else "mb-3"]
    if wrapper_class := context.get("wrapper_class"):
        classes.append(wrapper_class)
    if css_classes := _css_classes(field):
        classes.append(css_classes)
    classes = " ".join([escaped(name) for name in classes])
    html = [f'<div id="div_{escaped(field.auto_id)}" class="{classes}">']
    required = " requiredField" if field.field.required else ""
    if kind == "checkbox":
        html += [
            _widget(field, "form-check-input", errors),
            f'<label for="{escaped(field.id_for_label)}" class="form-check-label{required}">'
            f"{escaped(field.label)}</label>",
            _help_text_and_errors(field, context, errors),
        ]
    else:
        fieldset = field.label and field.use_fieldset
        if field.label:
            html.append(_label(field, fieldset, required, errors))
        if kind == "choices":
            html.append(_choices(field, context, errors))
        else:
            if kind == "file":  # no form asks for a file: crispy's own template, as it was
                template = get_template("bootstrap5/layout/field_file.html")
                drawn = template.render(context.flatten())
            else:
                bootstrap = "form-select" if kind == "select" else "form-control"
                drawn = _widget(field, bootstrap, errors) + _help_text_and_errors(
                    field, context, errors
                )
            if field_class := context.get("field_class"):
                drawn = f'<div class="{escaped(field_class)}">{drawn}</div>'
            html.append(drawn)
        if fieldset:
            html.append("</fieldset>")
    html.append("</div>")
    if kind == "checkbox":
        html = ['<div class="mb-3">', *html, "</div>"]
    return SafeString("\n".join(html))


@register.filter
def crispy_field(field) -> SafeString:
    """`{{ field|crispy_field }}`: what crispy's `{{ field|as_crispy_field }}` draws, which
    is field.html (`form_field`) given these settings, without the template (found, given a
    context of its own and rendered: half as many Python calls again as the field's own). A
    field whose form has a helper of its own (whose settings crispy would add) is left to
    crispy's filter."""
    if not isinstance(field, forms.BoundField) or hasattr(field.form, "helper"):
        return as_crispy_field(field)
    # And the end of field.html's line.
    return SafeString(f"{form_field(template.Context({'field': field, **AS_CRISPY_FIELD}))}\n")


@register.simple_tag
def form_fields(form) -> SafeString:
    """`{% form_fields form %}`: every field of `form`, the hidden ones as `{{ field }}` draws
    them, then the others by `crispy_field`, as two template loops would draw them, on lines of
    their own (templates/includes/form_fields.html). A loop took some 130 Python calls more
    than the fields it drew: a tenth of /profile/'s sections but its programme profile."""
    hidden = "".join([conditional_escape(str(field)) for field in form.hidden_fields()])
    shown = "".join([crispy_field(field) for field in form.visible_fields()])
    return SafeString(f"{hidden}\n{shown}")


# What crispy's `|as_crispy_field` tells field.html of a field whose form has no helper.
AS_CRISPY_FIELD = {
    "form_show_errors": True,
    "form_show_labels": True,
    "label_class": "",
    "field_class": "",
}


@register.simple_tag(takes_context=True)
def whole_form(context) -> SafeString:
    """`{% whole_form %}`: crispy-bootstrap5's whole_uni_form.html and display_form.html for a
    form whose helper lays it out (`form.form_html`, drawn) and draws neither a <form> tag,
    a CSRF field nor buttons, as every form here does (they are the page's); the form's
    media before it (its non-field errors are the page's error summary's), the whitespace between
    tags squeezed as crispy's `{% specialspaceless %}` squeezes it."""
    form = context["form"]
    if context.get("form_tag") or not context.get("disable_csrf") or context.get("inputs"):
        raise ValueError("{% crispy %} draws no <form> tag, CSRF field or buttons here")
    media = form.media if context.get("include_media") else ""
    errors = ""
    if context.get("form_show_errors"):
        # errors.html, drawing nothing: the form's own errors (a page opened before a change
        # saved elsewhere, say) are said once, in the page's error summary at its top
        # (includes/error_summary.html, on every page drawing a whole form), not again here.
        errors = "\n        \n\n    "
    drawn = remove_spaces(f"{media}\n    {errors}\n    {form.form_html}".strip())
    return mark_safe(f"\n\n{drawn}")  # after the template's first two lines


class FixedHelper(FormHelper):
    """A form class's FormHelper, made once and shared by its forms: never changed once made
    (crispy's tag only reads it, and lays out each form by its layout, which keeps nothing of
    a form). What it tells the tag (`get_attributes`) is worked out once: made for each form,
    and asked on each drawing, it took 170 Python calls a page."""

    def __init__(self, layout: Layout, **options):
        super().__init__()
        for name, value in options.items():
            setattr(self, name, value)
        self.layout = layout
        self._attributes = {}

    def get_attributes(self, template_pack=TEMPLATE_PACK):
        pack = str(template_pack)
        if pack not in self._attributes:
            self._attributes[pack] = super().get_attributes(template_pack=template_pack)
        return self._attributes[pack]


class Fieldset(LayoutObject):
    """crispy's `Fieldset(legend, *fields)` (layout/fieldset.html), its fields drawn by
    `form_field` as crispy's field.html would draw them, a layout object among them (the
    availability grid) by its own `render`. Its legend is text, written as it is (crispy's
    `|safe`), not a template: the code's own words only, never stored or typed text, which
    would be written unescaped. It takes no id, class or other attribute (no form gives one)."""

    def __init__(self, legend: str, *fields):
        self.legend = legend
        self.fields = list(fields)

    def render(self, form, context, template_pack=None, **kwargs) -> SafeString:
        drawn = "".join(
            item.render(form, context, template_pack=template_pack)
            if hasattr(item, "render")
            else _field_of(form[item], context)
            for item in self.fields
        )
        legend = f"<legend>{self.legend}</legend>" if self.legend else ""
        return mark_safe(f"<fieldset  \n    \n    >\n    {legend}\n    {drawn} \n</fieldset>\n")


def _field_of(field, context) -> str:
    """A field of a layout, as crispy's `render_field` gives field.html the page's context
    with the field (no attributes of its own, so no `flat_attrs`), and the template's last
    line's end."""
    with context.push(field=field, labelclass=None, flat_attrs=""):
        return f"{form_field(context)}\n"


def _label(field, fieldset: bool, required: str, errors) -> str:
    """The field's label, or the legend of its fieldset (the field's widget asks for one:
    radio buttons and tick boxes), opening the fieldset."""
    optional = ""
    if not field.field.required and not getattr(field.field, "needed_to_submit", False):
        optional = ' <span class="fw-normal">(optional)</span>'
    tag = "legend" if fieldset else "label"
    opening = ""
    if fieldset:
        described = _described(field, errors)
        opening = f' aria-describedby="{escaped(described)}"' if described else ""
        opening = f"<fieldset{opening}>"
    for_ = field.id_for_label
    for_ = f' for="{escaped(for_)}"' if for_ else ""
    size = " fs-6" if fieldset else ""
    return (
        f'{opening}<{tag}{for_} class="form-label{required}{size}">'
        f"{escaped(field.label)}{optional}</{tag}>"
    )


def _widget(field, bootstrap: str, errors) -> SafeString:
    """The widget, with Bootstrap's class (and `is-invalid` with errors) added to its own,
    as crispy's `{% crispy_field %}` adds them: to the widget itself, for good; drawn as the
    bound field draws it (`_bound_widget`)."""
    if errors:
        bootstrap += " is-invalid"
    outer = field.field.widget
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for widget in getattr(outer, "widgets", [getattr(outer, "widget", outer)]):
        class_name = type(widget).__name__.lower()
        class_name = converters.get(class_name, class_name)
        css_class = widget.attrs.get("class", "")
        if not css_class:
            css_class = class_name
        elif css_class.find(class_name) == -1:
            css_class += f" {class_name}"
        present = css_class.split()
        css_class += "".join(f" {name}" for name in bootstrap.split() if name not in present)
        widget.attrs["class"] = css_class
    return _bound_widget(field, errors)


def _bound_widget(field, errors) -> SafeString:
    """`str(field)`: Django's `BoundField.as_widget`, its attributes (`_bound_attrs`, the id
    last) and its value given to the widget's `render`, which, Django's own, is its context
    drawn by the form's renderer (`Widget.render` and `_render`, without the calls between).
    A widget drawn with its initial value hidden beside it, or of several widgets (whose
    fields may ask for `required` of each), is drawn by Django's steps."""
    widget = field.field.widget
    if field.field.show_hidden_initial or isinstance(widget, forms.MultiWidget):
        return conditional_escape(field)
    if field.field.localize:
        widget.is_localized = True
    attrs = _bound_attrs(field, widget, errors, {})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    name, value, renderer = field.html_name, field.value(), field.form.renderer
    kind = type(widget)
    if kind.render is not Widget.render or kind._render is not Widget._render:
        return widget.render(name=name, value=value, attrs=attrs, renderer=renderer)
    # `_render`'s `mark_safe` of the text, which is always text (or already marked safe).
    return SafeString(renderer.render(widget.template_name, widget.get_context(name, value, attrs)))


def _bound_attrs(field, widget, errors, attrs: dict) -> dict:
    """`attrs` with what Django's `BoundField.build_widget_attrs` adds (`required`,
    `disabled`, `aria-invalid`, `aria-describedby`, in that order), the field's `errors`
    read once rather than three times. Not for several widgets in one (`MultiWidget`),
    whose field may ask for `required` of each instead."""
    required = field.field.required and field.form.use_required_attribute
    if required and widget.use_required_attribute(field.initial):
        attrs["required"] = True
    if field.field.disabled:
        attrs["disabled"] = True
    if errors and not widget.is_hidden:
        attrs["aria-invalid"] = "true"
    if not attrs.get("aria-describedby") and not widget.use_fieldset:
        described = _described(field, errors)
        if described:
            attrs["aria-describedby"] = described
    return attrs


def _described(field, errors) -> str | None:
    """Django's `BoundField.aria_describedby`: the ids of the field's help text and errors,
    none if its widget names its own."""
    widget = field.field.widget
    if widget.attrs.get("aria-describedby"):
        return None
    auto_id = field.auto_id
    if not auto_id or widget.is_hidden:
        return ""
    named = [f"{auto_id}_helptext"] if field.help_text else []
    if errors:
        named.append(f"{auto_id}_error")
    return " ".join(named)


def _css_classes(field) -> str:
    """`field.css_classes()`: the form's classes for a field with errors and a required
    field, for a form that gives them (none of the project's do)."""
    form = field.form
    if hasattr(form, "error_css_class") or hasattr(form, "required_css_class"):
        return field.css_classes()
    return ""


def _help_text_and_errors(field, context, errors) -> str:
    """layout/help_text_and_errors.html: errors inline (a form's helper) or in a block
    (`|as_crispy_field`), and the help text after them unless it goes inline."""
    inline = context.get("help_text_inline")
    errors = _errors(field, context, errors, "span" if context.get("error_text_inline") else "p")
    if inline:
        return errors if context.get("error_text_inline") else _help_text(field, inline) + errors
    return errors + _help_text(field, inline)


def _help_text(field, inline) -> str:
    if not field.help_text:
        return ""
    text = str(field.help_text)  # as crispy's `|safe`: written by the project
    if inline:
        return f'<span id="{escaped(field.auto_id)}_helptext" class="form-text">{text}</span>'
    if field.auto_id:
        return f'<div id="{escaped(field.auto_id)}_helptext" class="form-text">{text}</div>'
    return f'<div class="form-text">{text}</div>'


def _errors(field, context, errors, tag: str, *, shown=None) -> str:
    """Each of the field's `errors`, numbered, in one block that its widget's
    aria-describedby names (`<id>_error`)."""
    if not ((context.get("form_show_errors") if shown is None else shown) and errors):
        return ""
    auto_id = escaped(field.auto_id)
    lines = "\n".join(  # apart, as crispy's are: "One. Two.", not "One.Two."
        f'<{tag} id="error_{n}_{auto_id}"><strong>{escaped(error)}</strong></{tag}>'
        for n, error in enumerate(errors, 1)
    )
    field_id = getattr(errors, "field_id", None) or field.auto_id  # Django 5.2's, else ours
    return f'<div id="{escaped(field_id)}_error" class="invalid-feedback">{lines}</div>'


def _choices(field, context, errors) -> str:
    """layout/radio_checkbox_select.html: radio buttons or tick boxes, each with its label,
    Django's attributes for each option (`widget_attrs`), the errors after the last."""
    inline = context.get("inline_class")
    invalid = " is-invalid" if errors else ""
    check = "form-check form-check-inline" if inline else "form-check"
    name = escaped(field.html_name)
    kind = escaped(field.field.widget.input_type)
    groups = _options(field, errors)
    html = []
    for number, (group, options) in enumerate(groups, 1):
        if group:
            html.append(f"<strong>{escaped(group)}</strong>")
        for place, (value, label, attrs) in enumerate(options, 1):
            last = place == len(options) and number == len(groups)
            html.append(
                f'<div class="{check}"><input type="{kind}" '
                f'class="form-check-input{invalid}" name="{name}" '
                f'value="{escaped(_unlocalized(value))}"{widget_attrs(attrs)}>'
                f'<label for="{escaped(attrs.get("id", ""))}" class="form-check-label">'
                f"{escaped(_unlocalized(label))}</label>"
                f"{_errors(field, context, errors, 'p') if last and not inline else ''}</div>"
            )
    opening = "<div"
    if field_class := context.get("field_class"):
        opening += f' class="{escaped(field_class)}"'
    if flat_attrs := context.get("flat_attrs"):
        opening += f" {escaped(flat_attrs)}"
    below = _errors(field, context, errors, "p", shown=True) if inline else ""
    drawn = "\n".join(html)  # apart, as crispy's are (inline, a gap between them)
    help_text = _help_text(field, context.get("help_text_inline"))
    return f"{opening}>{drawn}</div>{below}{help_text}"


def _options(field, errors) -> list[tuple]:
    """The radio buttons' or tick boxes' options, by group (None for options in no group):
    each one's value, label and attributes, as crispy's `optgroups` gives them (Django's
    `ChoiceWidget.optgroups`, the field's own attributes and id added), worked out here
    without the dict Django makes of each option (a widget that makes its options its own
    way is asked for them, through `optgroups`)."""
    widget = field.field.widget
    if (
        type(widget).optgroups is not ChoiceWidget.optgroups
        or type(widget).create_option is not ChoiceWidget.create_option
    ):
        return [
            (group, [(option["value"], option["label"], option["attrs"]) for option in options])
            for group, options, _index in optgroups(field)
        ]
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = _bound_attrs(field, widget, errors, {"id": id_} if id_ else {})
    attrs = widget.build_attrs(widget.attrs, attrs) if widget.option_inherits_attrs else {}
    chosen = widget.format_value(field.value())
    groups, any_chosen = [], False
    for index, (value, label) in enumerate(widget.choices):
        if isinstance(label, list | tuple):
            group, options = (
                value,
                [(f"{index}_{sub}", *choice) for sub, choice in enumerate(label)],
            )
        else:
            group, options = None, [(str(index), "" if value is None else value, label)]
        drawn = []
        for place, value, label in options:
            own = {**attrs}
            if (not any_chosen or widget.allow_multiple_selected) and str(value) in chosen:
                own.update(widget.checked_attribute)
                any_chosen = True
            if "id" in own:
                own["id"] = widget.id_for_label(own["id"], place)
            drawn.append((value, label, own))
        groups.append((group, drawn))
    return groups


def _unlocalized(value) -> str:
    # `|unlocalize`, which leaves text as it is.
    return value if type(value) is str else unlocalize(value)


@register.filter
def field_kind(field) -> str:
    """How `form_field` draws `field` (a bound field), by its widget: a lone tick box
    ("checkbox"), radio buttons or tick boxes ("choices"), "file", "select", or any other
    "input"; crispy's is_checkbox, is_radioselect, is_checkboxselectmultiple, is_file and
    is_select, asked once."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):  # tick boxes for several choices too
        return "choices"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "select" if isinstance(widget, forms.Select) else "input"


@register.filter(is_safe=True)
def widget_attrs(attrs: dict) -> str:
    """`{{ attrs|widget_attrs }}`: an input's attributes as Django's widget template writes
    them (django/forms/widgets/attrs.html: in order, each but those False, a name alone for
    True, `name="value"` else, escaped unless marked safe), in one step rather than a loop of
    template tags for each. The project's templates/django/forms/widgets/attrs.html is this
    filter, for every widget Django draws, and the radio buttons and tick boxes (`_choices`)
    use it for each option."""
    drawn = []
    for name, value in attrs.items():
        if value is False:
            continue
        # Names and values are mostly plain text: escaped at once (`escaped`, `as_text`).
        name = name.translate(ESCAPES) if type(name) is str else escaped(name)
        if value is True:
            drawn.append(f" {name}")
        else:
            value = value.translate(ESCAPES) if type(value) is str else as_text(value)
            drawn.append(f' {name}="{value}"')
    return SafeString("".join(drawn))
