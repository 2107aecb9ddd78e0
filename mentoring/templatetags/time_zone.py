"""Which time zone a page's times are in, said once: `{% times_are_in_zone %}` near the times
on every participant page that shows a meeting's or an event's time, and
`{% office_times_are_in_zone %}` in the header of every page of the programme office
(templates/admin/base_site.html). One sentence for both (`times_are`), from
mentoring.moments.zone_in_words."""

from django import template
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.moments import zone_in_words

register = template.Library()


def times_are() -> str:
    """The sentence itself: "Times are UK time (Europe/London)." No query: the zone is the
    current one, from the settings."""
    return f"Times are {zone_in_words()}."


@register.simple_tag
def times_are_in_zone() -> SafeString:
    """A short line near a participant page's times."""
    return SafeString(f'<p class="small text-body-secondary time-zone">{escaped(times_are())}</p>')


@register.simple_tag
def office_times_are_in_zone() -> SafeString:
    """The same line under the office's user links (static/css/admin.css), so each of its
    pages (lists, the outbox, the audit trail, the report) says once what zone its times are
    in."""
    return SafeString(f'<p class="office-time-zone">{escaped(times_are())}</p>')
