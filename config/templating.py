"""Django's `{% url %}` tag and `|date` filter, giving the same answers for less work: every
template's, added to the template engine's built-ins (config/settings.py), so templates keep
Django's own names and anything these do not know goes to Django's. Also `|and_list`, names in a
sentence (below); form fields are drawn by config.form_fields.

Reversing a URL walks the URL configuration and tries a regular expression each time, and
`|date` reads its format through the localisation machinery each time: some 70 and 120 µs
on a slow machine, a tenth of `/events/` (six events: fifteen links, twelve dates), and
three links on every page. Here a URL is reversed once per process for each name and shape
of arguments (an integer stands in for all integers, see `reversed_url`), and a format
made only of the letters the pages use is worked out once and filled in with the names of
the days and months in the active language.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.template import defaultfilters, defaulttags
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.converters import IntConverter, SlugConverter
from django.utils import dateformat
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import FORMAT_SETTINGS
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from django.utils.translation import get_language

from accounts.escaping import escaped

register = template.Library()

# URLs

# Integers no URL holds, reversed in place of the real ones and then replaced by them.
_STAND_INS = tuple(987654321987 + 1000 * n for n in range(8))


def url_place() -> tuple[str, str]:
    """Where URLs are reversed from now: the URL configuration in use (the request's, or the
    settings', which tests change) and the script prefix. Two reads of Django's
    thread-locals, two thirds of `reversed_url`'s own work: a caller reversing several URLs
    at once (a template, the navigation) reads them once and passes them as its `place`."""
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def reversed_url(name: str, args=(), kwargs=None, *, place=None) -> str:
    """`reverse(name, args=args, kwargs=kwargs)`, worked out once per process for each name
    and shape of arguments, for a name without a namespace whose only pattern takes
    integers (Django's `int` converter) and slugs: each integer is reversed as a stand-in
    and put in its place afterwards; a slug (a programme's: few) is part of what is kept.
    Anything else (text for other parameters, such as an invitation's token, which is not
    kept; other types; a namespace) goes to `reverse` itself. `place`: `url_place()`, read
    now when not given."""
    kwargs = kwargs or {}
    if ":" in name or (args and kwargs):  # Django refuses both at once
        return reverse(name, args=args, kwargs=kwargs)
    (urlconf, prefix), values = place or url_place(), [*args, *kwargs.values()]
    converters = _converters(name, urlconf, len(args), tuple(kwargs))
    if converters is None or not all(map(_fits, values, converters)):
        return reverse(name, args=args, kwargs=kwargs)
    shape = tuple(
        None if converter is IntConverter else value
        for value, converter in zip(values, converters, strict=True)
    )
    pieces = _pieces(name, urlconf, prefix, len(args), tuple(kwargs), shape)
    if pieces is None:
        return reverse(name, args=args, kwargs=kwargs)
    filled = [pieces[0]]
    for value, piece in zip((v for v in values if type(v) is int), pieces[1:], strict=True):
        filled += (str(value), piece)
    return "".join(filled)


@lru_cache(maxsize=256)
def _converters(name, urlconf, nargs, keys) -> tuple[type, ...] | None:
    """The converter of each argument given, for a name with one pattern whose parameters
    are the arguments given and take Django's `int` or `slug` converter; None otherwise."""
    patterns = get_resolver(urlconf).reverse_dict.getlist(name)
    if len(patterns) != 1 or len(patterns[0][0]) != 1:
        return None
    (_, params), converters = patterns[0][0][0], patterns[0][3]
    given = params if nargs else keys
    if (nargs or len(keys)) != len(params) or sorted(given) != sorted(params):
        return None
    found = tuple(type(converters.get(param)) for param in given)
    return found if set(found) <= {IntConverter, SlugConverter} else None


def _fits(value, converter: type) -> bool:
    """An integer goes in as its digits: a non-negative one, not a bool; a slug as the text
    it is (a template's literals are SafeStrings)."""
    if converter is IntConverter:
        return type(value) is int and value >= 0
    return isinstance(value, str)


@lru_cache(maxsize=512)
def _pieces(name, urlconf, prefix, nargs, keys, shape) -> tuple[str, ...] | None:
    """The URL reversed with stand-ins for the integers of `shape` (None), split around
    them; None when the URL does not hold each of them once, in order. Raises
    NoReverseMatch as `reverse` does (lru_cache keeps no exception): a slug it refuses."""
    stand_ins = iter(_STAND_INS)
    values = [next(stand_ins) if value is None else value for value in shape]
    args, kwargs = values[:nargs], dict(zip(keys, values[nargs:], strict=True))
    url = reverse(name, urlconf=urlconf, args=args, kwargs=kwargs)
    pieces, rest = [], url
    for value in values:
        if type(value) is not int:
            continue
        before, found, rest = rest.partition(str(value))
        if not found:
            return None
        pieces.append(before)
    if any(str(stand_in) in rest for stand_in in _STAND_INS):
        return None
    return (*pieces, rest)


# Where a template's `url_place` is kept in its render context.
_PLACE = object()


class QuickURLNode(defaulttags.URLNode):
    """Django's URLNode, through `reversed_url` when the name has no namespace (for which
    the current app, read by Django's node, plays no part), from the `url_place` read once
    for the template being drawn (each template drawn, an included one too, has its own
    render context): it does not change while a page is drawn."""

    def render(self, context):
        view_name = self.view_name.resolve(context)
        if not isinstance(view_name, str) or ":" in view_name:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        place = context.render_context.get(_PLACE)
        if place is None:
            place = context.render_context[_PLACE] = url_place()
        url = ""
        try:
            url = reversed_url(view_name, args, kwargs, place=place)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        # Escaped as Django's node escapes it, in two Python calls rather than thirty.
        return SafeString(escaped(url)) if context.autoescape else url


@register.tag
def url(parser, token):
    """`{% url %}`, as Django parses it."""
    node = defaulttags.url(parser, token)
    name = node.view_name
    if not name.filters and isinstance(name.var, str) and ":" in name.var:
        return node  # a namespaced name, written in the template: Django's own node
    return QuickURLNode(node.view_name, node.args, node.kwargs, node.asvar)


# Dates

# What each letter of a format gives (django.utils.dateformat), for the letters the pages
# use, as a field of a `str.format` template: `d` is the moment or day, `l`, `D`, `F` and `M`
# the names of its day and month (`_filled`); `_TIME`: those a date alone cannot give
# (Django refuses them for a date, and so does `date_writer`, by handing such a date to
# Django's filter). One `format` call writes the whole text, where a function per letter
# cost some forty Python calls a date.
_LETTERS = {
    "l": "{l}",
    "D": "{D}",
    "F": "{F}",
    "M": "{M}",
    "j": "{d.day}",
    "d": "{d.day:02d}",
    "m": "{d.month:02d}",
    "Y": "{d.year:04d}",
}
_TIME = {"H": "{d.hour:02d}", "G": "{d.hour}", "i": "{d.minute:02d}"}
# Every letter Django's formats read: the character class of its own pattern for them.
_DJANGO_LETTERS = frozenset(re.search(r"\[(\w+)\]", dateformat.re_formatchars.pattern)[1])


@lru_cache(maxsize=8)
def _names(language: str | None) -> tuple[list, list, dict, dict]:
    """The names of the days, days abbreviated, months and months abbreviated in `language`
    (the active one when asked)."""
    return (
        [str(WEEKDAYS[day]) for day in range(7)],
        [str(WEEKDAYS_ABBR[day]) for day in range(7)],
        {n: str(name) for n, name in MONTHS.items()},
        {n: str(name).title() for n, name in MONTHS_3.items()},
    )


@lru_cache(maxsize=64)
def _compiled(format_string: str) -> tuple[str, bool] | None:
    """The format as a `str.format` template, and whether it needs a time of day; None for
    a format this does not know: a letter not above, a backslash, the name of a setting
    (`DATE_FORMAT`, which Django looks up in the language's formats), or none at all
    (Django's default format)."""
    if not format_string or "\\" in format_string or _is_a_name(format_string):
        return None
    fields = []
    for letter in format_string:
        found = _LETTERS.get(letter) or _TIME.get(letter)
        if found is None and letter in _DJANGO_LETTERS:
            return None
        # Punctuation and spaces as they are (a brace doubled, as `format` reads it).
        fields.append(found or letter.replace("{", "{{").replace("}", "}}"))
    return "".join(fields), any(letter in _TIME for letter in format_string)


def _is_a_name(format_string: str) -> bool:
    return format_string in FORMAT_SETTINGS or format_string.isidentifier()


def date_writer(format_string) -> Callable[[object], str]:
    """What Django's `|date` filter writes, in `format_string`, for each value given (a date,
    or a datetime already in the time zone wanted): the one place a date is written, for a
    template (`date_filter`) and for the pieces drawn in Python (mentoring.moments). Worked
    out here for a format `_compiled` knows, by Django's filter for anything else; the format
    and the names of the days and months in the active language read once, for the many
    values of a list (the language does not change while a page is drawn)."""
    compiled = _compiled(str(format_string)) if isinstance(format_string, str) else None
    if compiled is None:
        return lambda value: defaultfilters.date(value, format_string)
    template, needs_time = compiled
    names = _names(get_language())

    def written(value) -> str:
        kind = type(value)
        if kind is datetime or (kind is date and not needs_time):
            return _filled(template, value, names)
        return defaultfilters.date(value, format_string)

    return written


def _filled(template: str, value, names) -> str:
    days, days_abbr, months, months_3 = names
    weekday, month = value.weekday(), value.month
    return template.format(
        d=value, l=days[weekday], D=days_abbr[weekday], F=months[month], M=months_3[month]
    )


@register.filter("date", expects_localtime=True, is_safe=False)
def date_filter(value, arg=None):
    """`|date`, as Django's filter answers it (the engine has put the moment in the current
    time zone already: `expects_localtime`); no value, or no format, is Django's to answer."""
    return date_writer(arg)(value)


# Lists in words


@register.filter
def and_list(items, word: str = "and") -> str:
    """Names one after another as a sentence says them: "a", "a and b", "a, b and c"
    (`word`: "and", or "or"); escaped as any variable is."""
    return get_text_list([str(item) for item in items], word)
