"""Times of day in emails, said one way (accounts.mail.with_zone)."""

from django import template

from accounts import mail

register = template.Library()


@register.filter
def with_zone(moment, format="l j F Y, H:i"):
    """`{{ meeting.starts_at|with_zone:"j F, H:i" }}` → "8 October, 14:00 BST"."""
    return mail.with_zone(moment, format) if moment else ""
