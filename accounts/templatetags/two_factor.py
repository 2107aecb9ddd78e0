"""What the two-factor page (templates/mfa/index.html) asks allauth's MFA adapter, so that
it offers to switch an authenticator off exactly when the server would allow it."""

from allauth.mfa.adapter import get_adapter
from django import template

register = template.Library()


@register.filter
def kept_by_the_office(authenticator) -> bool:
    """Whether its owner may not switch `authenticator` (as the page has it: allauth's
    wrapper, or nothing) off: a staff account's authenticator app
    (accounts.mfa.MFAAdapter.can_delete_authenticator)."""
    if not authenticator:
        return False
    return not get_adapter().can_delete_authenticator(authenticator.instance)
