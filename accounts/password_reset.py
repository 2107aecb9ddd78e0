"""allauth's password-reset form, without the sign-up rules.

Its own module: allauth's forms import accounts.forms (the sign-up form's base class), so
subclassing one of them there would be a circular import.
"""

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

# The lookup allauth's own form uses (an internal module: the tests of this form catch a move).
from allauth.account.internal.userkit import filter_users_by_email


class ResetPasswordForm(AllauthResetPasswordForm):
    """Everyone with an account may reset its password. allauth checks the address with the
    adapter's sign-up rules (a staff domain, no pending invitation), which would turn away
    board members, whose addresses are often outside the staff domains, and tell strangers
    which addresses have an invitation. Unknown addresses answer as known ones
    (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off, so nobody is emailed)."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        self.users = filter_users_by_email(
            email, is_active=True, prefer_verified=True, for_login=True
        )
        return self.cleaned_data["email"]
