"""The programme office's lists drawn in Python: each row of the list, and each filter's
choices, with the markup Django's templates and template tags give them.

Django draws a list's cell through `items_for_result`: the row's value looked up by name,
the empty value worked out again, the cell written by `format_html`, and the three icons of
a yes/no column found in the static files' manifest each time; a filter's choice through a
loop of template tags. On the list of applications (50 rows of 9 columns, 12 filters of some
170 choices) that was nearly half of the page's 175,000 Python calls. Here what a column needs is
worked out once for the page (`_column`), each cell written directly, and a row handed to
Django's change_list_results.html as one piece; a filter's choices are written in one step
(templates/admin/filter.html).

A list Django draws otherwise is left to Django: one whose rows are edited in place
(`list_editable`), opened to choose a row for another form (a pop-up, `to_field`), or with a
column naming an attribute of the row rather than a field or the admin's own method.
`tests/accounts/test_admin_lists_draw_as_django_does.py` holds both to Django's markup."""

import datetime
import html
from collections.abc import Callable

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import formats, timezone
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

from accounts.admin_base import STAND_IN, SharedRowsChangeList

register = template.Library()

# How a column draws its cell of a row.
Cell = Callable[[models.Model], str]


def _escaped(value) -> str:
    """`conditional_escape`, in one step: what a template or `format_html` writes."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# Rows


class DrawnByDjango(Exception):
    """A list, or a column, this module leaves to Django's `items_for_result`."""


def result_list(cl):
    """Django's `result_list` (django.contrib.admin.templatetags.admin_list), each row one
    piece of markup: the same context for change_list_results.html."""
    try:
        rows = _rows(cl)
    except DrawnByDjango:
        return admin_list.result_list(cl)
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # a list edited in place only
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": [admin_list.ResultList(None, [row]) for row in rows],
    }


@register.tag(name="result_list_drawn")
def result_list_tag(parser, token):
    """`{% result_list_drawn cl %}`: Django's `{% result_list cl %}`, drawn here."""
    return InclusionAdminNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


def _rows(cl) -> list[str]:
    if cl.formset or cl.is_popup or cl.to_field or not isinstance(cl, SharedRowsChangeList):
        raise DrawnByDjango
    empty = cl.model_admin.get_empty_value_display()
    links = cl.list_display_links
    first, columns = True, []
    for index, name in enumerate(cl.list_display):
        tag = ""  # not linked
        if links is not None and ((first and not links) or name in links):
            tag, first = ("th" if first else "td"), False
        columns.append(_column(cl, index, name, tag, empty))
    return [mark_safe("".join([draw(row) for draw in columns])) for row in cl.result_list]


def _column(cl, index: int, name, tag: str, empty) -> Cell:
    """How column `name` draws a row's cell, as `items_for_result` does; `tag` is "th" or
    "td" for a cell linking to the row, "" for one that does not."""
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        return _worked_out(cl, index, name, tag, empty)
    css = f"field-{admin_list._coerce_field_name(name, index)}"
    wrap, missing = _wrapper(cl, tag), _escaped(empty)
    if field.auto_created:  # the row's id: shown as a value the admin works out
        attrs = f' class="{css}"'
        return lambda row: _value_cell(wrap(attrs, row), getattr(row, name), empty, None)
    nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
    attrs = f' class="{css}{" nowrap" if nowrap else ""}"'

    if isinstance(field.remote_field, models.ManyToOneRel):  # a foreign key: the row it names

        def related(row) -> str:
            try:
                value = getattr(row, field.name)
            except ObjectDoesNotExist:
                return wrap(f' class="{css}"', row)(missing)
            return wrap(attrs, row)(missing if value is None else _escaped(value))

        return related

    words = _words(field)
    icons = _icons() if isinstance(field, models.BooleanField) and words is None else None

    def shown(row) -> str:
        try:
            value = getattr(row, name)
        except ObjectDoesNotExist:
            return wrap(f' class="{css}"', row)(missing)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if words is not None and _hashable(value):
            return wrap(attrs, row)(words.get(value, missing))
        if icons is not None and _plain_yes_no(value):
            return wrap(attrs, row)(icons[value])
        return wrap(attrs, row)(_escaped(display_for_field(value, field, empty, bool(tag))))

    return shown


def _worked_out(cl, index: int, name, tag: str, empty) -> Cell:
    """A column the admin works out for each row: a method of its own, or a function."""
    model_admin = cl.model_admin
    if callable(name):
        method = name
    elif isinstance(name, str) and name != "__str__" and hasattr(model_admin, name):
        method = getattr(model_admin, name)
    else:
        raise DrawnByDjango  # an attribute of the row
    css = f"field-{admin_list._coerce_field_name(name, index)}"
    wrap, missing = _wrapper(cl, tag), _escaped(empty)
    attrs = f' class="{"action-checkbox" if name == "action_checkbox" else css}"'
    shown_empty = getattr(method, "empty_value_display", empty)
    icons = _icons() if getattr(method, "boolean", False) else None

    def cell(row) -> str:
        try:
            value = method(row)
        except ObjectDoesNotExist:
            return wrap(f' class="{css}"', row)(missing)
        if isinstance(value, datetime.date | datetime.time):
            return wrap(f"{attrs[:-1]} nowrap{attrs[-1]}", row)(
                _escaped(display_for_value(value, shown_empty, icons is not None))
            )
        return _value_cell(wrap(attrs, row), value, shown_empty, icons)

    return cell


def _value_cell(written, value, empty, icons) -> str:
    """A cell of a value the admin works out, as `display_for_value` shows it."""
    if isinstance(value, str) and value.strip() == "":
        value = ""
    if icons is not None:
        if _plain_yes_no(value):
            return written(icons[value])
        return written(_escaped(admin_list._boolean_icon(value)))
    if isinstance(value, str):
        return written(_escaped(empty) if value == "" else _escaped(value))
    return written(_escaped(display_for_value(value, empty)))


def _words(field) -> dict | None:
    """A field's choices, each value with its words escaped (`display_for_field`); None for
    a field without choices, or whose choices cannot be looked up (Django's then)."""
    if not getattr(field, "flatchoices", None):
        return None
    try:
        return {value: _escaped(label) for value, label in field.flatchoices}
    except TypeError:
        return None


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _plain_yes_no(value) -> bool:
    """True, False or None itself: the values whose icons are worked out once."""
    return value is None or type(value) is bool


def _icons() -> dict:
    """A yes/no column's three icons, each found in the static files once for the page."""
    return {value: _escaped(admin_list._boolean_icon(value)) for value in (True, False, None)}


def _wrapper(cl, tag: str):
    """`wrap(attrs, row)(shown)`: a row's cell around what it shows. In a cell that links
    (`tag`), a link to the row's page with the list's filters kept, worked out once for the
    page around a stand-in for the row's id (as `SharedRowsChangeList.url_for_result`
    reverses it once)."""
    if not tag:
        return lambda attrs, row: lambda shown: f"<td{attrs}>{shown}</td>"
    try:
        start, end = cl._change_url_around
    except NoReverseMatch:
        raise DrawnByDjango from None
    kept = add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, f"{start}{STAND_IN}{end}"
    )
    before, _, after = (html.escape(part) for part in kept.partition(STAND_IN))

    def wrap(attrs, row):
        quoted_id = html.escape(cl.url_for_result(row)[len(start) : -len(end) or None])
        link = f'<a href="{before}{quoted_id}{after}">'
        return lambda shown: f"<{tag}{attrs}>{link}{shown}</a></{tag}>"

    return wrap


# Filters


@register.simple_tag(takes_context=True)
def filter_choices(context) -> str:
    """`{% filter_choices %}`: Django's admin/filter.html for the filter of `context`
    (its `title` and `choices`), in one step."""
    title = _text(context["title"])
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    choices = "".join([_choice(choice) for choice in context["choices"]])
    return mark_safe(
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {by}\n  </summary>\n'
        f"  <ul>\n  {choices}\n  </ul>\n</details>"
    )


SELECTED = ' class="selected"'


def _choice(choice: dict) -> str:
    """One choice as `admin/filter.html` draws it: a key a filter leaves out is drawn as the
    template would draw a missing variable (nothing), never an error."""
    selected = SELECTED if choice.get("selected") else ""
    address, text = _address(choice.get("query_string", "")), _text(choice.get("display", ""))
    link = f'<a href="{address}">{text}</a>'
    return f"\n    <li{selected}>\n    {link}</li>\n  "


def _text(value) -> str:
    """A value as a template writes it: its local form (a date, a number), escaped."""
    if not isinstance(value, str):
        value = formats.localize(timezone.template_localtime(value))
    return _escaped(value)


def _address(query_string) -> str:
    """`{{ query_string|iriencode }}`."""
    encoded = iri_to_uri(str(query_string))
    return encoded if isinstance(query_string, SafeData) else html.escape(encoded)
