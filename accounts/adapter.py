from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.ALLOWED_SIGNUP_DOMAINS


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up is for staff of the allowed domains; board members join by invitation."""

    def is_open_for_signup(self, request):
        return bool(settings.ALLOWED_SIGNUP_DOMAINS)

    def clean_email(self, email):
        email = super().clean_email(email)
        if not email_domain_allowed(email):
            domains = " or ".join(f"@{domain}" for domain in settings.ALLOWED_SIGNUP_DOMAINS)
            raise forms.ValidationError(
                f"Sign-up is open to staff email addresses ending in {domains}. "
                "Board members join through the invitation the programme office sends them."
            )
        return email.lower()
