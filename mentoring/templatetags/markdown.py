import functools

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Programme content is written by coordinators; render a safe subset only.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@register.filter
def markdown(text: str) -> str:
    return mark_safe(_safe_html(text or ""))


@functools.lru_cache(maxsize=256)
def _safe_html(text: str) -> str:
    """The same text always gives the same HTML, so each process keeps the latest few, with
    nothing to go stale. Only the office's own texts are rendered here (the programme's
    page, the ground rules every pair page shows), never what participants write."""
    html = markdown_lib.markdown(text, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
