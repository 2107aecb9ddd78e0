"""allauth's sign-up form, with the rules for who may sign up themselves.

Its own module: allauth's forms import accounts.forms (the sign-up form's base class), so
subclassing one of them there would be a circular import.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings

from accounts.models import Invitation


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.ALLOWED_SIGNUP_DOMAINS


class SignupForm(AllauthSignupForm):
    """Self sign-up is for staff of the allowed domains; board members join by invitation.
    The rules are sign-up's alone: everyone with an account, whatever their address, resets
    a forgotten password through allauth's own form, which tells strangers nothing."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if not email_domain_allowed(email):
            domains = " or ".join(f"@{domain}" for domain in settings.ALLOWED_SIGNUP_DOMAINS)
            raise forms.ValidationError(
                f"Sign-up is open to staff email addresses ending in {domains}. "
                "Board members join through the invitation the programme office sends them."
            )
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            # The address is kept for the person invited: the invitation says what they are
            # joining, and self sign-up would skip it.
            raise forms.ValidationError(
                "The programme office has sent an invitation to this address. Please use the "
                "link in your invitation email to join; if it has expired, ask the office "
                "for a new one."
            )
        return super().clean_email()
