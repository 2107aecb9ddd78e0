"""allauth's sign-up and add-an-address forms, with the rules for whose address an account
may have.

Its own module: allauth's forms import accounts.forms (the sign-up form's base class), so
subclassing one of them there would be a circular import.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.adapter import account_of, invitation_waits
from accounts.bounds import state_limit
from accounts.forms import PlainMessagesMixin
from accounts.services import unconfirmed_claims_drop


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.ALLOWED_SIGNUP_DOMAINS


def staff_domains() -> str:
    return " or ".join(f"@{domain}" for domain in settings.ALLOWED_SIGNUP_DOMAINS)


def check_staff_address(email: str) -> None:
    """Accounts are for staff of the allowed domains; board members join by invitation (the
    sign-up page says so beside the field, so the refusal does not say it again). An
    address with an invitation waiting is kept for the person invited (the invitation says
    what they are joining), but no page says so to whoever types it: signing up answers as
    for an address with an account (`invitation_waits`), and the email page sends it no
    confirmation (accounts.adapter); either reminds the address of its invitation."""
    if not email_domain_allowed(email):
        raise forms.ValidationError(
            f"Accounts are for staff email addresses ending in {staff_domains()}."
        )


class SignupForm(PlainMessagesMixin, AllauthSignupForm):
    """Self sign-up, for staff addresses. The rules are not the adapter's: everyone with an
    account, whatever their address, resets a forgotten password through allauth's own
    form, which tells strangers nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rule, said before anyone breaks it, with the limit `state_limits` had said
        # there (this help replaces it), like every other address box.
        email = self.fields["email"]
        email.help_text = (
            f"Your work address, ending in {staff_domains()}. Board members join through "
            "the invitation the programme office sends them."
        )
        state_limit(email)

    def clean_email(self) -> str:
        check_staff_address(self.cleaned_data["email"].lower())
        return super().clean_email()

    def validate_unique_email(self, value: str) -> str:
        """The address is taken when it is an account's (accounts.adapter.account_of), or
        kept for an invitation: one that someone else typed on their account and never
        confirmed is free, so its owner is not told "You already have an account" about an
        account that is not theirs. Taken or not, the page answers alike (allauth emails the
        owner instead)."""
        email = get_adapter().validate_unique_email(value)
        # An address kept for an invitation answers alike too: the invited person is emailed
        # to join through it (accounts.adapter.send_account_already_exists_mail).
        self.account_already_exists = account_of(email) is not None or invitation_waits(email)
        return email

    def save(self, request):
        """The new account, and the address is no longer on any account that only typed it
        (accounts.services.unconfirmed_claims_drop), both or neither."""
        with transaction.atomic():
            user = super().save(request)
            unconfirmed_claims_drop(email=user.email, owner=user)
        return user

    def try_save(self, request):
        """An address that has an account already is answered as a new one is (allauth
        emails its owner instead): the same page, and the same time, so the password given
        is hashed as a new account's would be, as allauth's sign-in does for an unknown
        address. Without it the answer came some hundreds of milliseconds sooner (Argon2),
        telling anyone who has an account."""
        if self.account_already_exists:
            get_user_model()().set_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class AddEmailForm(PlainMessagesMixin, AllauthAddEmailForm):
    """Another address on an account (/accounts/email/): the same rules and words as signing
    up."""

    def clean_email(self) -> str:
        check_staff_address(self.cleaned_data["email"].lower())
        return super().clean_email()
