from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings

from accounts.outbox import outbox_write


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

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset, sign-up) go through the outbox
        too: rendered by allauth, written in the request's transaction, sent after it."""
        from allauth.core import context as allauth_context

        request = allauth_context.request
        context = {"request": request, "email": email, **context}
        if request is not None:
            from django.contrib.sites.shortcuts import get_current_site

            context.setdefault("current_site", get_current_site(request))
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
