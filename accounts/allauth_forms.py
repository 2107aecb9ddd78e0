"""allauth's sign-in and password forms, saying what is missing in the site's words
(accounts.forms.PlainMessagesMixin), as the sign-up form does (accounts.signup).

Their own module for the reason accounts.signup gives: allauth's forms import accounts.forms.
"""

from allauth.account import forms as allauth

from accounts.forms import PlainMessagesMixin


class LoginForm(PlainMessagesMixin, allauth.LoginForm):
    pass


class ChangePasswordForm(PlainMessagesMixin, allauth.ChangePasswordForm):
    pass


class SetPasswordForm(PlainMessagesMixin, allauth.SetPasswordForm):
    pass


class ResetPasswordForm(PlainMessagesMixin, allauth.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(PlainMessagesMixin, allauth.ResetPasswordKeyForm):
    pass
