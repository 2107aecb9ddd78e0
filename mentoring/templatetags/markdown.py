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
    html = markdown_lib.markdown(text or "", output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )
