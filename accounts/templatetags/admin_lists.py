"""The programme office's lists drawn in Python: each row of the list, the filters and the
row of actions, with the markup Django's templates and template tags give them.

Django draws a list's cell through `items_for_result`: the row's value looked up by name,
the empty value worked out again, the cell written by `format_html`, and the three icons of
a yes/no column found in the static files' manifest each time; a filter's choice through a
loop of template tags. On the list of applications (50 rows of 9 columns, 12 filters of some
170 choices) that was nearly half of the page's 175,000 Python calls. Here what a column needs is
worked out once for the page (`_column`), each cell written directly, and the table of
headers and rows written as Django's change_list_results.html writes it (`_table`); the
whole filters block in one step (`filters_drawn`), rather than a template rendered for each
filter, and the row of actions likewise (`_actions`, Django's admin/actions.html), and the
links to the list's pages (`_pagination`, the project's admin/pagination.html).

A list Django draws otherwise is left to Django: one whose rows are edited in place
(`list_editable`), opened to choose a row for another form (a pop-up, `to_field`), or with a
column naming an attribute of the row rather than a field or the admin's own method.
`tests/accounts/test_admin_lists_draw_as_django_does.py` holds what is drawn here to the
markup of the templates it replaces."""

import datetime
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib import admin
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
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils import formats, timezone
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from accounts.admin_base import STAND_IN, SharedRowsChangeList
from accounts.escaping import ESCAPES, escaped, escaped_text
from accounts.values import hashable

register = template.Library()

# How a column draws its cell of a row.
Cell = Callable[[models.Model], str]


# Rows


class DrawnByDjango(Exception):
    """A list, or a column, this module leaves to Django's `items_for_result`."""


def result_list(cl):
    """Django's `result_list` (django.contrib.admin.templatetags.admin_list), each row one
    piece of markup: the same context for change_list_results.html."""
    try:
        return _drawn(cl)
    except DrawnByDjango:
        return admin_list.result_list(cl)


def _drawn(cl) -> dict:
    rows = _rows(cl)
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # a list edited in place only
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": [admin_list.ResultList(None, [row]) for row in rows],
    }


class ResultListNode(InclusionAdminNode):
    """Django's change_list_results.html, its headers and rows written in one step (`_table`):
    Django's template loops over each header's nine parts and each row. A list Django draws
    (`DrawnByDjango`) is drawn by the template, as Django's `{% result_list %}` draws it."""

    def render(self, context):
        (cl,), _ = self.get_resolved_arguments(context)
        try:
            return _table(cl)
        except DrawnByDjango:
            return super().render(context)


@register.tag(name="result_list_drawn")
def result_list_tag(parser, token):
    """`{% result_list_drawn cl %}`: Django's `{% result_list cl %}`, drawn here."""
    return ResultListNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


def _table(cl) -> str:
    """change_list_results.html for `result_list(cl)`, whose rows are drawn here."""
    context = _drawn(cl)
    if not context["results"]:
        raise DrawnByDjango  # no table: the template's few blank lines
    sorted_by = context["num_sorted_fields"]
    words = {said: escaped(gettext(said)) for said in ("Remove from sorting", "Toggle sorting")}
    headers = "".join([_header(header, sorted_by, words) for header in context["result_headers"]])
    rows = "".join([f"\n\n<tr>{row[0]}</tr>\n" for row in context["results"]])
    return (
        '\n\n\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n'
        f"{headers}\n</tr>\n</thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n\n"
    )


def _header(header: dict, sorted_by: int, words: dict) -> str:
    """One column's header, as change_list_results.html draws it."""
    sorting = ""
    if header["sortable"] and header["sort_priority"] > 0:
        priority = ""
        if sorted_by > 1:
            shown = _text(header["sort_priority"])
            said = escaped(gettext("Sorting priority: %(priority_number)s")) % {
                "priority_number": shown
            }
            priority = f'<span class="sortpriority" title="{said}">{shown}</span>'
        way = "ascending" if header["ascending"] else "descending"
        sorting = (
            '\n       <div class="sortoptions">\n'
            f'         <a class="sortremove" href="{_text(header["url_remove"])}" '
            f'title="{words["Remove from sorting"]}"></a>\n'
            f"         {priority}\n"
            f'         <a href="{_text(header["url_toggle"])}" class="toggle {way}" '
            f'title="{words["Toggle sorting"]}"></a>\n       </div>\n   '
        )
    text = _text(defaultfilters.capfirst(header["text"]))
    if header["sortable"]:
        text = f'<a href="{_text(header["url_primary"])}">{text}</a>'
    else:
        text = f"<span>{text}</span>"
    return (
        f'\n<th scope="col"{_text(header["class_attrib"])}>\n   {sorting}\n'
        f'   <div class="text">{text}</div>\n   <div class="clear"></div>\n</th>'
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
    # SafeString itself: `mark_safe` first checks whether it was handed a lazy text, each row.
    return [SafeString("".join([draw(row) for draw in columns])) for row in cl.result_list]


def _column(cl, index: int, name, tag: str, empty) -> Cell:
    """How column `name` draws a row's cell, as `items_for_result` does; `tag` is "th" or
    "td" for a cell linking to the row, "" for one that does not."""
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        return _worked_out(cl, index, name, tag, empty)
    css = f"field-{admin_list._coerce_field_name(name, index)}"
    wrap, missing = _wrapper(cl, tag), escaped(empty)
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
            return wrap(attrs, row)(missing if value is None else escaped(value))

        return related

    words = _words(field)
    icons = _icons() if isinstance(field, models.BooleanField) and words is None else None
    # Text without choices, which `display_for_field` shows as it is (but a link for a URL).
    plain = (
        words is None
        and isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField)
    )

    def shown(row) -> str:
        try:
            value = getattr(row, name)
        except ObjectDoesNotExist:
            return wrap(f' class="{css}"', row)(missing)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if plain and type(value) is str:
            return wrap(attrs, row)(escaped_text(value) if value else missing)
        if words is not None and hashable(value):
            return wrap(attrs, row)(words.get(value, missing))
        if icons is not None and _plain_yes_no(value):
            return wrap(attrs, row)(icons[value])
        return wrap(attrs, row)(escaped(display_for_field(value, field, empty, bool(tag))))

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
    wrap, missing = _wrapper(cl, tag), escaped(empty)
    attrs = f' class="{"action-checkbox" if name == "action_checkbox" else css}"'
    shown_empty = getattr(method, "empty_value_display", empty)
    icons = _icons() if getattr(method, "boolean", False) else None
    if per_list := getattr(method, "per_list", None):
        # A column that works out what its rows share once for the list (the time zone and
        # the language of a column of dates): `per_list(model_admin)` answers the function
        # that gives a row's value, as the column's method does.
        method = per_list(model_admin)

    def cell(row) -> str:
        try:
            value = method(row)
        except ObjectDoesNotExist:
            return wrap(f' class="{css}"', row)(missing)
        if isinstance(value, datetime.date | datetime.time):
            return wrap(f"{attrs[:-1]} nowrap{attrs[-1]}", row)(
                escaped(display_for_value(value, shown_empty, icons is not None))
            )
        return _value_cell(wrap(attrs, row), value, shown_empty, icons)

    return cell


def _value_cell(written, value, empty, icons) -> str:
    """A cell of a value the admin works out, as `display_for_value` shows it."""
    if icons is None and (kind := type(value)) in (str, SafeString) and value.strip():
        # Most: text, plain (escaped, as `escaped` does) or marked safe (as it is).
        return written(value.translate(ESCAPES) if kind is str else value)
    if isinstance(value, str) and value.strip() == "":
        value = ""
    if icons is not None:
        if _plain_yes_no(value):
            return written(icons[value])
        return written(escaped(admin_list._boolean_icon(value)))
    if isinstance(value, str):
        return written(escaped(empty) if value == "" else escaped(value))
    return written(escaped(display_for_value(value, empty)))


def _words(field) -> dict | None:
    """A field's choices, each value with its words escaped (`display_for_field`); None for
    a field without choices, or whose choices cannot be looked up (Django's then)."""
    if not getattr(field, "flatchoices", None):
        return None
    try:
        return {value: escaped(label) for value, label in field.flatchoices}
    except TypeError:
        return None


def _plain_yes_no(value) -> bool:
    """True, False or None itself: the values whose icons are worked out once."""
    return value is None or type(value) is bool


@lru_cache(maxsize=1)
def _icons() -> dict:
    """A yes/no column's three icons, each found in the static files once per process: their
    addresses follow the settings alone (`_forget_icons`). Read, never changed."""
    return {value: escaped(admin_list._boolean_icon(value)) for value in (True, False, None)}


@receiver(setting_changed)
def _forget_icons(**kwargs) -> None:
    _icons.cache_clear()


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
    before, _, after = (escaped_text(part) for part in kept.partition(STAND_IN))
    # A whole-number id is its digits in the link: quoting and escaping leave them as they
    # are. Any other id, or a list linking its rows its own way, goes through `url_for_result`.
    pk_name = (
        cl.pk_attname if type(cl).url_for_result is SharedRowsChangeList.url_for_result else None
    )

    def wrap(attrs, row):
        pk = getattr(row, pk_name) if pk_name else None
        if type(pk) is int:
            quoted_id = str(pk)
        else:
            quoted_id = escaped_text(cl.url_for_result(row)[len(start) : -len(end) or None])
        link = f'<a href="{before}{quoted_id}{after}">'
        return lambda shown: f"<{tag}{attrs}>{link}{shown}</a></{tag}>"

    return wrap


# Inclusion tags whose template is written here

# Django's own admin templates, those written here as it writes them.
DJANGOS_TEMPLATES = Path(admin.__file__).parent / "templates/admin"


class DrawnHereNode(InclusionAdminNode):
    """One of Django's admin inclusion tags, its template written here in one step
    (`drawn`) when the template chosen for the list is the one `drawn` writes (`drawn_from`:
    Django's own, or the project's for the page links); a list with a template of its own
    (its app's, its model's) is drawn by that template."""

    def render(self, context):
        opts = context["opts"]
        chosen = context.template.engine.select_template(
            [
                f"admin/{opts.app_label.lower()}/{opts.model_name}/{self.template_name}",
                f"admin/{opts.app_label.lower()}/{self.template_name}",
                f"admin/{self.template_name}",
            ]
        )
        if chosen.origin.name != str(self.drawn_from()):
            return super().render(context)
        return self.drawn(context)

    def drawn_from(self) -> Path:
        """The template `drawn` writes: Django's own."""
        return DJANGOS_TEMPLATES / self.template_name

    def drawn(self, context) -> str:
        raise NotImplementedError

    @classmethod
    def tag(cls, func, template_name: str):
        """The tag of a list's `cl` alone (Django's tag of `func`, its template
        `template_name`), drawn by this node."""

        def compiled(parser, token):
            return cls(parser, token, func=func, template_name=template_name, takes_context=False)

        return compiled


# Actions


class ActionsNode(DrawnHereNode):
    """Django's `{% admin_actions %}`, its admin/actions.html written by `_actions`."""

    def drawn(self, context) -> str:
        return _actions(admin_list.admin_actions(context))


@register.tag(name="actions_drawn")
def actions_tag(parser, token):
    """`{% actions_drawn %}`: Django's `{% admin_actions %}`, drawn here."""
    return ActionsNode(parser, token, func=admin_list.admin_actions, template_name="actions.html")


def _actions(context) -> str:
    """admin/actions.html for the page's `context`."""
    fields = "".join([_action_field(field) for field in context["action_form"]])
    index = context["action_index"] or 0
    run, go = escaped(gettext("Run the selected action")), escaped(gettext("Go"))
    counter = _selection_counter(context) if context.get("actions_selection_counter") else ""
    return (
        f'\n<div class="actions">\n  \n    \n    {fields}\n    \n    \n    <button type="submit" '
        f'class="button" title="{run}" name="index" value="{_text(index)}">{go}</button>\n'
        f"    \n    \n    {counter}\n    \n  \n</div>\n"
    )


def _action_field(field) -> str:
    """One field of the action form: its widget, in a label when it has one."""
    shown = escaped(str(field))
    return f"<label>{_text(field.label)} {shown}</label>" if field.label else shown


def _selection_counter(context) -> str:
    """How many rows are selected, and the offer to select those of every page."""
    cl = context["cl"]
    on_page = len(cl.result_list)
    more = ""
    if cl.result_count != on_page:
        said = gettext("Select all %(total_count)s %(module_name)s") % {
            "total_count": _text(cl.result_count),
            "module_name": _text(context.get("module_name", "")),
        }
        title = escaped(gettext("Click here to select the objects across all pages"))
        every = _text(context.get("selection_note_all", ""))
        more = (
            f'\n        <span class="all hidden">{every}</span>\n'
            '        <span class="question hidden">\n'
            f'            <a role="button" href="#" title="{title}">{said}</a>\n'
            "        </span>\n"
            '        <span class="clear hidden"><a role="button" href="#">'
            f"{escaped(gettext('Clear selection'))}</a></span>\n        "
        )
    return (
        f'\n        <span class="action-counter" data-actions-icnt="{on_page}">'
        f"{_text(context.get('selection_note', ''))}</span>\n        {more}\n    "
    )


# Pagination


class PaginationNode(DrawnHereNode):
    """Django's `{% pagination cl %}`, the project's admin/pagination.html (Django's but for
    the line that counts the rows) written by `_pagination`: Django's template draws each page's
    link through a tag, which compares the page with the lazily translated "…" first."""

    def drawn_from(self) -> Path:
        return Path(settings.BASE_DIR) / "templates/admin" / self.template_name

    def drawn(self, context) -> str:
        (cl,), _ = self.get_resolved_arguments(context)
        return _pagination(admin_list.pagination(cl))


# `{% pagination_drawn cl %}`: Django's `{% pagination cl %}`, drawn here.
register.tag("pagination_drawn", PaginationNode.tag(admin_list.pagination, "pagination.html"))


def _pagination(context) -> str:
    """templates/admin/pagination.html for `pagination(cl)`'s `context`."""
    cl = context["cl"]
    pages = ""
    if context["pagination_required"]:
        pages = "".join([f"\n    {_page_link(cl, page)}\n" for page in context["page_range"]])
        pages = f"\n{pages}\n"
    count = cl.result_count
    noun = getattr(cl.model_admin, "count_noun", "")
    if noun:
        named = f"{_text(noun)}{defaultfilters.pluralize(count)}"
    else:
        named = _text(cl.opts.verbose_name if count == 1 else cl.opts.verbose_name_plural)
    every = context["show_all_url"]
    if every:
        every = f'<a href="{_text(every)}" class="showall">{escaped(gettext("Show all"))}</a>'
    save = ""
    if cl.formset and count:
        save = (
            f'<input type="submit" name="_save" class="default" value="{escaped(gettext("Save"))}">'
        )
    return (
        f'\n\n\n<p class="paginator">\n{pages}\n{_text(count)} {named}\n{every or ""}\n{save}\n'
        "</p>\n"
    )


def _page_link(cl, page) -> str:
    """`{% paginator_number cl page %}`: a page's number is compared with the page shown
    and the last; anything else (the "…" between them) is Django's to draw."""
    if type(page) is not int:
        return admin_list.paginator_number(cl, page)
    if page == cl.page_num:
        return f'<span class="this-page">{page}</span> '
    end = ' class="end"' if page == cl.paginator.num_pages else ""
    address = escaped(cl.get_query_string({admin_list.PAGE_VAR: page}))
    return f'<a href="{address}"{end}>{page}</a> '


# Search


class SearchFormNode(DrawnHereNode):
    """Django's `{% search_form cl %}`, its admin/search_form.html written by `_search_form`
    (Django's template cost the list of applications some 900 Python calls a page)."""

    def drawn(self, context) -> str:
        (cl,), _ = self.get_resolved_arguments(context)
        return _search_form(admin_list.search_form(cl))


# `{% search_form_drawn cl %}`: Django's `{% search_form cl %}`, drawn here.
register.tag("search_form_drawn", SearchFormNode.tag(admin_list.search_form, "search_form.html"))


def _search_form(context) -> str:
    """admin/search_form.html for `search_form(cl)`'s `context`."""
    cl, search_var = context["cl"], context["search_var"]
    if not cl.search_fields:
        return "\n\n"
    helped = ' aria-describedby="searchbar_helptext"' if cl.search_help_text else ""
    count = _result_count(context) if context["show_result_count"] else ""
    kept = "".join(
        [
            "\n    "
            + (
                f'<input type="hidden" name="{_text(name)}" value="{_text(value)}">'
                if name != search_var
                else ""
            )
            + "\n"
            for name, value in cl.params.items()
        ]
    )
    help_text = (
        f'\n<br class="clear">\n<div class="help" id="searchbar_helptext">'
        f"{_text(cl.search_help_text)}</div>\n"
        if cl.search_help_text
        else ""
    )
    return (
        '\n\n<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        "<div><!-- DIV needed for valid HTML -->\n"
        f'<label for="searchbar"><img src="{escaped(static("admin/img/search.svg"))}" '
        'alt="Search"></label>\n'
        f'<input type="text" size="40" name="{_text(search_var)}" value="{_text(cl.query)}" '
        f'id="searchbar"{helped}>\n'
        f'<input type="submit" value="{escaped(gettext("Search"))}">\n'
        f"{count}\n{kept}\n</div>\n{help_text}\n</form></div>\n\n"
    )


def _result_count(context) -> str:
    """The search's count of rows found, and the link to all of them."""
    cl = context["cl"]
    found = ngettext("%(counter)s result", "%(counter)s results", cl.result_count) % {
        "counter": _text(cl.result_count)
    }
    popup = facets = ""
    if cl.is_popup:
        popup = f"{_text(context['is_popup_var'])}=1{'&' if cl.add_facets else ''}"
    if cl.add_facets:
        facets = _text(context["is_facets_var"])
    if cl.show_full_result_count:
        every = gettext("%(full_result_count)s total") % {
            "full_result_count": _text(cl.full_result_count)
        }
    else:
        every = escaped(gettext("Show all"))
    return (
        f'\n    <span class="small quiet">{found} (<a href="?{popup}{facets}">{every}</a>)</span>\n'
    )


# Filters


@register.simple_tag
def filters_drawn(cl) -> str:
    """`{% filters_drawn cl %}`: the filters block of Django's admin/change_list.html, in
    one step: Django's loops over the filters, rendering admin/filter.html for each."""
    if not cl.has_filters:
        return mark_safe("\n        \n      ")
    extra = _filters_extra(cl) if cl.is_facets_optional or cl.has_active_filters else ""
    by = gettext(" By %(filter_title)s ")
    specs = "".join([_spec(cl, spec, by) for spec in cl.filter_specs])
    return mark_safe(
        '\n        \n          <nav id="changelist-filter" '
        'aria-labelledby="changelist-filter-header">\n'
        f'            <h2 id="changelist-filter-header">{escaped(gettext("Filter"))}</h2>\n'
        f"            {extra}\n            {specs}\n          </nav>\n        \n      "
    )


def _filters_extra(cl) -> str:
    """The block's links to show or hide the counts, and to clear all filters."""
    facets = active = ""
    if cl.is_facets_optional:
        if cl.add_facets:
            link = (
                f'<a href="{_text(cl.remove_facet_link)}" class="hidelink">'
                f"{escaped(gettext('Hide counts'))}</a>\n                "
            )
        else:
            link = (
                f'<a href="{_text(cl.add_facet_link)}" class="viewlink">'
                f"{escaped(gettext('Show counts'))}</a>"
            )
        facets = f"<h3>\n                {link}\n              </h3>"
    if cl.has_active_filters:
        active = (
            f'<h3>\n                <a href="{_text(cl.clear_all_filters_qs)}">&#10006; '
            f"{escaped(gettext('Clear all filters'))}</a>\n              </h3>"
        )
    return (
        '<div id="changelist-filter-extra-actions">\n'
        f"              {facets}\n              {active}\n            </div>"
    )


def _spec(cl, spec, by: str) -> str:
    """One filter, as `admin_list_filter` draws it: admin/filter.html's in one step, a
    filter of its own template by that template."""
    if spec.template != "admin/filter.html":
        return admin_list.admin_list_filter(cl, spec)
    return f"{_filter(spec.title, spec.choices(cl), by)}\n"  # and the template's last line break


@register.simple_tag(takes_context=True)
def filter_choices(context) -> str:
    """`{% filter_choices %}`: Django's admin/filter.html for the filter of `context`
    (its `title` and `choices`), in one step."""
    return _filter(context["title"], context["choices"], gettext(" By %(filter_title)s "))


def _filter(title, choices, by: str) -> str:
    """admin/filter.html for a filter titled `title`; `by` is its heading's words."""
    title = _text(title)
    by = by % {"filter_title": title}
    choices = "".join([_choice(choice) for choice in choices])
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
    if type(value) is str:  # most are: plain text, escaped as `escaped` does, a step less
        return value.translate(ESCAPES)
    if not isinstance(value, str):
        value = formats.localize(timezone.template_localtime(value))
    return escaped(value)


# An address `iri_to_uri` leaves as it is: only ASCII letters, digits and the marks it keeps.
AS_IT_IS = re.compile(r"[A-Za-z0-9_.~/#%\[\]=:;$&()+,!?*@'-]*")


def _address(query_string) -> str:
    """`{{ query_string|iriencode }}`; a filter's address is most often left as it is, which
    one match tells, rather than `iri_to_uri`'s quoting."""
    if type(query_string) is str and AS_IT_IS.fullmatch(query_string):  # most: plain text
        return query_string.translate(ESCAPES)  # `escaped_text`, a step less
    encoded = str(query_string)
    if not AS_IT_IS.fullmatch(encoded):
        encoded = iri_to_uri(encoded)
    return encoded if isinstance(query_string, SafeData) else escaped_text(encoded)
