"""How a form field is drawn: crispy-bootstrap5's field template and the templates it
includes, written in Python. Every form field the project draws goes through here:
`{% crispy form %}` and `{{ field|as_crispy_field }}` render templates/bootstrap5/field.html,
which is `{% form_field %}`; a field with a template of its own (the availability grid) keeps
it.

The markup is crispy-bootstrap5's (field.html, layout/radio_checkbox_select.html,
layout/help_text_and_errors.html, help_text.html, field_errors.html and
field_errors_block.html) for the forms this project draws: stacked, labels shown (no form
sets form_class, label_class, a tag or form_show_labels, so those branches are left out), and
changed as the GOV.UK design system advises: no asterisks; an optional question says
"(optional)", unless its form needs it to submit (`needed_to_submit`, a draft that may leave
it empty). Drawn through those templates, a field took 0.4 to 1.5 ms (a variable looked up
and a condition evaluated some fifty times a field, more for each radio button): a third of
`/profile/`. Widgets are still drawn by Django's widget templates, and crispy still adds
Bootstrap's class to them (`_widget`, as its `{% crispy_field %}` does).

Also `|widget_attrs`, Django's attrs.html in one step, which every widget's template uses.
Registered as a built-in of the template engine (config/settings.py)."""

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import forms, template
from django.conf import settings
from django.template.loader import get_template
from django.templatetags.l10n import unlocalize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

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
    classes = ["form-check" if kind == "checkbox" else "mb-3"]
    if wrapper_class := context.get("wrapper_class"):
        classes.append(wrapper_class)
    if css_classes := field.css_classes():
        classes.append(css_classes)
    classes = mark_safe(" ".join(conditional_escape(name) for name in classes))
    html = [format_html('<div id="div_{}" class="{}">', field.auto_id, classes)]
    required = " requiredField" if field.field.required else ""
    if kind == "checkbox":
        html += [
            _widget(field, "form-check-input"),
            format_html(
                '<label for="{}" class="form-check-label{}">{}</label>',
                field.id_for_label,
                required,
                field.label,
            ),
            _help_text_and_errors(field, context),
        ]
    else:
        fieldset = field.label and field.use_fieldset
        if field.label:
            html.append(_label(field, fieldset, required))
        if kind == "choices":
            html.append(_choices(field, context))
        else:
            if kind == "file":  # no form asks for a file: crispy's own template, as it was
                template = get_template("bootstrap5/layout/field_file.html")
                drawn = mark_safe(template.render(context.flatten()))
            else:
                drawn = _widget(field, "form-select" if kind == "select" else "form-control")
                drawn += _help_text_and_errors(field, context)
            if field_class := context.get("field_class"):
                drawn = format_html('<div class="{}">{}</div>', field_class, drawn)
            html.append(drawn)
        if fieldset:
            html.append(mark_safe("</fieldset>"))
    html.append(mark_safe("</div>"))
    if kind == "checkbox":
        html = [mark_safe('<div class="mb-3">'), *html, mark_safe("</div>")]
    return mark_safe("\n".join(html))


def _label(field, fieldset: bool, required: str) -> SafeString:
    """The field's label, or the legend of its fieldset (the field's widget asks for one:
    radio buttons and tick boxes), opening the fieldset."""
    optional = ""
    if not field.field.required and not getattr(field.field, "needed_to_submit", False):
        optional = mark_safe(' <span class="fw-normal">(optional)</span>')
    tag = "legend" if fieldset else "label"
    opening = ""
    if fieldset:
        described = field.aria_describedby
        opening = format_html(
            "<fieldset{}>", format_html(' aria-describedby="{}"', described) if described else ""
        )
    for_ = format_html(' for="{}"', field.id_for_label) if field.id_for_label else ""
    return format_html(
        '{}<{}{} class="form-label{}{}">{}{}</{}>',
        opening,
        tag,
        for_,
        required,
        " fs-6" if fieldset else "",
        field.label,
        optional,
        tag,
    )


def _widget(field, bootstrap: str) -> SafeString:
    """The widget, with Bootstrap's class (and `is-invalid` with errors) added to its own,
    as crispy's `{% crispy_field %}` adds them: to the widget itself, for good."""
    if field.errors:
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
    return conditional_escape(field)


def _help_text_and_errors(field, context) -> SafeString:
    """layout/help_text_and_errors.html: errors inline (a form's helper) or in a block
    (`|as_crispy_field`), and the help text after them unless it goes inline."""
    inline = context.get("help_text_inline")
    errors = _errors(field, context, "span" if context.get("error_text_inline") else "p")
    if inline:
        return errors if context.get("error_text_inline") else _help_text(field, inline) + errors
    return errors + _help_text(field, inline)


def _help_text(field, inline) -> SafeString:
    if not field.help_text:
        return SafeString("")
    text = mark_safe(str(field.help_text))  # as crispy's `|safe`: written by the project
    if inline:
        return format_html(
            '<span id="{}_helptext" class="form-text">{}</span>', field.auto_id, text
        )
    if field.auto_id:
        return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, text)
    return format_html('<div class="form-text">{}</div>', text)


def _errors(field, context, tag: str, *, shown=None) -> SafeString:
    """Each of the field's errors, numbered, in one block that its widget's
    aria-describedby names (`<id>_error`)."""
    errors = field.errors
    if not ((context.get("form_show_errors") if shown is None else shown) and errors):
        return SafeString("")
    lines = [
        format_html(
            '<{} id="error_{}_{}"><strong>{}</strong></{}>', tag, n, field.auto_id, error, tag
        )
        for n, error in enumerate(errors, 1)
    ]
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        getattr(errors, "field_id", None) or field.auto_id,  # Django 5.2's, else the field's
        mark_safe("\n".join(lines)),  # apart, as crispy's are: "One. Two.", not "One.Two."
    )


def _choices(field, context) -> SafeString:
    """layout/radio_checkbox_select.html: radio buttons or tick boxes, each with its label,
    Django's attributes for each option (`widget_attrs`), the errors after the last."""
    inline = context.get("inline_class")
    errors = field.errors
    invalid = " is-invalid" if errors else ""
    check = "form-check form-check-inline" if inline else "form-check"
    name = field.html_name
    groups = optgroups(field)
    html = []
    for number, (group, options, _index) in enumerate(groups, 1):
        if group:
            html.append(format_html("<strong>{}</strong>", group))
        for place, option in enumerate(options, 1):
            last = place == len(options) and number == len(groups)
            html.append(
                format_html(
                    '<div class="{}"><input type="{}" class="form-check-input{}" name="{}" '
                    'value="{}"{}><label for="{}" class="form-check-label">{}</label>{}</div>',
                    check,
                    option["type"],
                    invalid,
                    name,
                    unlocalize(option["value"]),
                    widget_attrs(option["attrs"]),
                    option["attrs"].get("id", ""),
                    unlocalize(option["label"]),
                    _errors(field, context, "p") if last and not inline else "",
                )
            )
    opening = "<div"
    if field_class := context.get("field_class"):
        opening += format_html(' class="{}"', field_class)
    if flat_attrs := context.get("flat_attrs"):
        opening += format_html(" {}", flat_attrs)
    below = _errors(field, context, "p", shown=True) if inline else ""
    return format_html(
        "{}>{}</div>{}{}",
        mark_safe(opening),
        mark_safe("\n".join(html)),  # apart, as crispy's are (inline, a gap between them)
        below,
        _help_text(field, context.get("help_text_inline")),
    )


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
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(_as_text(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _as_text(value):
    # As `|stringformat:'s'` gives it: text, still safe if it was.
    return value if isinstance(value, SafeData) else str(value)
