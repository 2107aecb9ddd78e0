from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings

from accounts.outbox import outbox_write

DEMO_ACCOUNT_REFUSED = (
    "This is a demo account: its password is published, so it cannot sign in to this site. "
    "Please use your own account."
)


SIGNED_IN = "account/messages/logged_in.txt"
# allauth's messages that the page a view goes on to says already, by that view's name:
# after a reset, the "Password changed" page (account/password_reset_from_key_done.html).
SAID_BY_THE_NEXT_PAGE = {"account/messages/password_changed.txt": "account_reset_password_from_key"}


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up is open while some email domain is allowed (ALLOWED_SIGNUP_DOMAINS); who
    may sign up is the sign-up form's rule (accounts.signup)."""

    def is_open_for_signup(self, request):
        return bool(settings.ALLOWED_SIGNUP_DOMAINS)

    def authenticate(self, request, **credentials):
        """A demo account (User.may_sign_in) is refused by the backends; allauth hands back
        such a user when the password matched, so the person is told why, not "wrong
        password"."""
        user = super().authenticate(request, **credentials)
        if user is not None and not user.may_sign_in:
            raise forms.ValidationError(DEMO_ACCOUNT_REFUSED)
        return user

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        """Each thing said once. One greeting: someone who has just made their account from
        an invitation is welcomed by the invitation page (accounts.views), not also "signed
        in as". Nor a message that the page to come says (SAID_BY_THE_NEXT_PAGE)."""
        if message_template == SIGNED_IN and getattr(request, "welcomed", False):
            return
        view = getattr(request.resolver_match, "url_name", None)
        if message_template and SAID_BY_THE_NEXT_PAGE.get(message_template) == view:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins are counted per address for the whole site. allauth keys them on
        the host the request names, so every name in ALLOWED_HOSTS (or each server behind
        its own address) would get five attempts of its own."""
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{settings.SITE_URL}:{login}"

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset, sign-up) go through the outbox
        too: rendered by allauth, written in the request's transaction, sent after it.
        Their site name and links come from the settings (SITE_NAME, SITE_URL), like every
        other email's, not from the host and port the request arrived on."""
        from allauth.core import context as allauth_context

        from accounts.mail import SettingsSite, on_site

        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            **{
                key: on_site(value, request) if key.endswith("_url") else value
                for key, value in context.items()
            },
            "current_site": SettingsSite.current(),
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        if message.content_subtype == "html":
            html, text = message.body, ""
        else:
            text = message.body
        outbox_write(kind=template_prefix, to=email, subject=message.subject, text=text, html=html)
