"""Who may reach what only the programme office may: the one rule, read by the middleware
that guards every page and by the access helpers of the apps (draft programmes, every
event and its calendar file, the admin and everything under it)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled


def is_staff_account(user) -> bool:
    """An account with admin access: coordinators (granting the role sets it) and
    superusers. Read from the user row alone, so a mentor's page costs no query here; a
    Coordinators group member without admin access reaches nothing staff-only either."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def has_verified_authenticator(user) -> bool:
    """A TOTP authenticator is stored only once its first code was checked (allauth's
    activation), so one on record is a verified one. Looked up once per request."""
    if not hasattr(user, "_has_verified_authenticator"):
        user._has_verified_authenticator = is_mfa_enabled(user, [Authenticator.Type.TOTP])
    return user._has_verified_authenticator


def staff_access_allowed(user) -> bool:
    """Staff-only pages and data are for a staff account with a verified authenticator.

    A staff account without one reaches only the authenticator set-up (the middleware sends
    it there); what each staff page shows then depends on the account's role or permission.
    """
    return is_staff_account(user) and user.is_active and has_verified_authenticator(user)


def needs_authenticator(user) -> bool:
    """A staff account that must set up its authenticator before anything else."""
    return is_staff_account(user) and not staff_access_allowed(user)
