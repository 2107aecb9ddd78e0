from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import session_renew, session_start

        user_logged_in.connect(session_start, dispatch_uid="accounts.sessions.session_start")
        authenticator_added.connect(session_renew, dispatch_uid="accounts.sessions.session_renew")
