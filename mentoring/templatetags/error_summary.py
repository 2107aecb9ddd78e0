import re
from collections import Counter

from django import template
from django.forms import BaseForm, MultiWidget
from django.utils.html import format_html
from django.utils.safestring import SafeData
from django.utils.text import capfirst

register = template.Library()


@register.filter
def any_errors(forms) -> bool:
    """Whether any of the page's forms has an error (for the error summary)."""
    return any(form.errors for form in forms or [])


def _summarised_forms(context) -> list:
    """The forms the page's error summary reads: the view's `forms`, else its one `form`
    (as `form|alone` passes it on the pages that have one, allauth's among them)."""
    if "forms" in context:
        return context["forms"] or []
    form = context.get("form")
    return [form] if isinstance(form, BaseForm) else []


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " before the page's title whenever its error summary is shown, so a screen
    reader says at once that the form came back (base.html's <title>; the admin's own
    form pages put it in their title block)."""
    return "Error: " if any_errors(_summarised_forms(context)) else ""


@register.filter
def first_box(field) -> str:
    """The id of the field's first box, where the summary's message links: a date and time
    (two boxes) links to its date, a group of radios or checkboxes to its first (a group
    with no choices to its own id)."""
    if isinstance(field.field.widget, MultiWidget) and field.auto_id:
        return f"{field.auto_id}_0"
    if field.id_for_label:
        return field.id_for_label
    boxes = field.subwidgets
    return boxes[0].id_for_label if boxes else field.auto_id or ""


@register.filter
def summary_lines(forms) -> list[dict]:
    """The error summary's lines, in the page's order: each form's own errors (no link),
    then each field's, linking to its first box. A message said for several fields in the
    same words ("This can be up to 150 characters long.") comes after its field's label,
    as the summary, read alone (focus moves to it), could not tell them apart otherwise.

    Each line's text is HTML: a message already safe (`format_html`, such as
    `PairView.not_proposing_said` with the office's mailto link) is kept as written, every
    other message is escaped, as it may hold what someone typed. A message with a link of
    its own is not linked to its field as well: a link cannot hold another."""
    lines = []  # (prefix, message, href, label)
    for form in forms or []:
        prefix = getattr(form, "summary_prefix", "")
        lines += [(prefix, str(error), "", "") for error in form.non_field_errors()]
        for field in form:
            label = str(field.label or "").strip().rstrip("?.:")
            lines += [(prefix, str(error), first_box(field), label) for error in field.errors]
    said = Counter((prefix, message) for prefix, message, _href, _label in lines)
    return [
        {
            "text": format_html("{}{}: {}", prefix, label, message)
            if label and said[prefix, message] > 1
            else format_html("{}{}", prefix, message),
            "href": "" if _has_a_link(message) else href,
        }
        for prefix, message, href, label in lines
    ]


def _has_a_link(message: str) -> bool:
    return isinstance(message, SafeData) and re.search(r"<a[\s>]", message, re.I) is not None


@register.filter
def alone(form) -> list:
    """One form as the page's list of forms (allauth's pages have one each)."""
    return [form]


class _FormsetErrors:
    """What is wrong with an inline as a whole ("Submit at most 50 themes."), read by the
    error summary as a form's errors."""

    summary_prefix = ""

    def __init__(self, formset):
        self.errors = formset.non_form_errors()

    def non_field_errors(self):
        return self.errors

    def __iter__(self):
        return iter(())


@register.filter
def with_inlines(adminform, inline_admin_formsets) -> list:
    """An admin change form and its inlines as the page's list of forms: each inline's own
    errors, then its rows, each named ("Theme 2: "). Rows being deleted are left out, as
    Django leaves out their errors."""
    forms = [adminform.form]
    for inline in inline_admin_formsets or []:
        formset = inline.formset
        forms.append(_FormsetErrors(formset))
        for number, form in enumerate(formset.forms, start=1):
            if form.errors and not (formset.can_delete and formset._should_delete_form(form)):
                form.summary_prefix = f"{capfirst(inline.opts.verbose_name)} {number}: "
                forms.append(form)
    return forms
