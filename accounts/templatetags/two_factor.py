"""What the two-factor page (templates/mfa/index.html) asks allauth's MFA adapter, so that
it offers to switch an authenticator off exactly when the server would allow it."""

from allauth.mfa.adapter import get_adapter
from django import template

register = template.Library()


@register.filter
def kept_by_the_office(authenticator, user) -> bool:
    """Whether `user` may not switch their `authenticator` (as the page has it: allauth's
    wrapper, or nothing) off: a staff account's authenticator app
    (accounts.mfa.MFAAdapter.can_delete_authenticator). The page lists only the signed-in
    person's own authenticators, so the adapter is handed that person (the page's
    request.user) as the owner rather than reading them again."""
    if not authenticator:
        return False
    instance = authenticator.instance
    if instance.user_id == user.pk:
        instance.user = user
    return not get_adapter().can_delete_authenticator(instance)
