from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from accounts.checks import check_permissions_come_from_model_backend
        from accounts.sessions import session_renew, session_start

        checks.register(check_permissions_come_from_model_backend, checks.Tags.security)

        user_logged_in.connect(session_start, dispatch_uid="accounts.sessions.session_start")
        authenticator_added.connect(session_renew, dispatch_uid="accounts.sessions.session_renew")
