"""Which time zone a page's times are in, said once near them: `{% times_are_in_zone %}`
(mentoring.moments.zone_in_words), on every participant page that shows a meeting's or an
event's time."""

from django import template
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.moments import zone_in_words

register = template.Library()


@register.simple_tag
def times_are_in_zone() -> SafeString:
    """A short line: "Times are UK time (Europe/London)." No query: the zone is the
    current one, from the settings."""
    return SafeString(
        f'<p class="small text-body-secondary time-zone">Times are {escaped(zone_in_words())}.</p>'
    )
