"""`{% role_links %}`: the navigation's links for the person's roles (`role_navigation`,
mentoring.context_processors), as includes/nav.html draws them on every signed-in page.

Drawn in Python: as a `{% for %}` loop, each link cost four lookups and two conditions, some
hundred Python calls, and the eight of a paired mentor over a quarter of what the layout
every page shares costs. The HTML is the loop's, its whitespace included, so no page
changes."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# One link, as the loop wrote it, the indentation and line breaks around it included; the
# page the person is on (`current`) marked.
_ITEM = (
    '\n              <li class="nav-item">\n                %s\n              </li>\n            '
)
_LINK = _ITEM % '<a class="nav-link" href="{}">{}</a>'
_CURRENT = _ITEM % '<a class="nav-link active" aria-current="page" href="{}">{}</a>'


@register.simple_tag(takes_context=True)
def role_links(context) -> SafeString:
    return mark_safe(
        "".join(
            _link(item["url"], item["label"], item["current"])
            for item in context["role_navigation"]
        )
    )


@lru_cache(maxsize=256)
def _link(url: str, label: str, current: bool) -> SafeString:
    """One link's HTML, made once per process: the same few links (a programme's page the
    only one that differs) on every page, for everyone."""
    return format_html(_CURRENT if current else _LINK, url, label)
