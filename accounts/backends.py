"""Django's and allauth's authentication backends, with one more condition: the account may
sign in here (User.may_sign_in). Checked at sign-in and on every request (get_user), so a
demo account's session ends too when the site runs without DEBUG."""

from allauth.account import auth_backends
from django.contrib.auth import backends


class MaySignIn:
    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.may_sign_in


class ModelBackend(MaySignIn, backends.ModelBackend):
    pass


class AuthenticationBackend(MaySignIn, auth_backends.AuthenticationBackend):
    pass
