"""allauth's sign-in, password, confirm-your-password and authenticator-code forms, saying
what is missing in the site's words (accounts.forms.PlainMessagesMixin), as the sign-up
form does (accounts.signup). Settings: ACCOUNT_FORMS and MFA_FORMS.

Their own module for the reason accounts.signup gives: allauth's forms import accounts.forms.
"""

from allauth.account import forms as allauth
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base import forms as mfa
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as totp
from allauth.mfa.totp.internal.auth import TOTP

from accounts.adapter import account_of
from accounts.forms import PlainMessagesMixin


class LoginForm(PlainMessagesMixin, allauth.LoginForm):
    pass


class ChangePasswordForm(PlainMessagesMixin, allauth.ChangePasswordForm):
    pass


class SetPasswordForm(PlainMessagesMixin, allauth.SetPasswordForm):
    pass


class ResetPasswordForm(PlainMessagesMixin, allauth.ResetPasswordForm):
    """A reset link goes only to the account whose address was given (its sign-in address,
    or one it confirmed: accounts.adapter.account_of). allauth's own also sends one for an
    account that only typed the address, to whoever reads that mailbox: the password of
    someone else's account. The page that answers is the same either way."""

    def clean_email(self) -> str:
        email = super().clean_email()
        owner = account_of(email)
        self.users = [user for user in self.users if user == owner]
        return email


class ResetPasswordKeyForm(PlainMessagesMixin, allauth.ResetPasswordKeyForm):
    pass


class UserTokenForm(allauth.UserTokenForm):
    """A reset link names an account that is still switched on: one sent before the account
    was switched off (or deleted) sets no password, as a new one could not be asked for
    (allauth looks only for active accounts); it reads as a link that no longer works."""

    def _get_user(self, uidb36):
        user = super()._get_user(uidb36)
        return user if user is not None and user.is_active else None


class ReauthenticateForm(PlainMessagesMixin, allauth.ReauthenticateForm):
    pass


class RecoveryCodeTooMixin(PlainMessagesMixin):
    """Signing in with a second factor takes a recovery code as well as the app's code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = (
            "Enter the code from your authenticator app, or a recovery code."
        )


class AuthenticateForm(RecoveryCodeTooMixin, mfa.AuthenticateForm):
    pass


class MFAReauthenticateForm(RecoveryCodeTooMixin, mfa.ReauthenticateForm):
    pass


class ActivateTOTPForm(PlainMessagesMixin, totp.ActivateTOTPForm):
    """The first code, which proves the app has the secret, is used up like any other: it
    is recorded where allauth records the codes used to sign in (the shared cache, for the
    account), so the same code does not then pass the sign-in's second step or a password
    check. allauth's own form checks the code without recording it."""

    def clean_code(self) -> str:
        code = super().clean_code()
        unsaved = Authenticator(user=self.user, type=Authenticator.Type.TOTP)
        if not TOTP(unsaved)._mark_code_used(code):
            raise get_adapter().validation_error("incorrect_code")
        return code
