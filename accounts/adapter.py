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
        """allauth's emails (sign-up confirmation, password reset, account already exists,
        notices of changes) are the site's own: a subject/text/HTML trio in the site's words
        under templates/account/email/ and templates/mfa/email/, rendered by the helper every
        email uses (accounts.mail) and written to the outbox in the request's transaction, so
        they leave after it and are retried like any other. Their links come from SITE_URL,
        not from the host and port the request arrived on; they name the office that the
        pages they follow name (PROGRAMME_OFFICE_EMAIL)."""
        from allauth.core import context as allauth_context

        from accounts.mail import on_site, render_templated_mail

        request = allauth_context.request
        context = {
            "email": email,
            "office_email": settings.PROGRAMME_OFFICE_EMAIL,
            **{
                key: on_site(value, request) if key.endswith("_url") else value
                for key, value in context.items()
                if key != "request"
            },
        }
        composed = render_templated_mail(template_prefix, context=context)
        user = context.get("user")
        if not getattr(user, "pk", None):
            # Written about an address, not an account ("you already have an account"): the
            # account it is, so that one switched off or deleted is not emailed (the outbox
            # calls off what is to such a recipient).
            user = account_of(email)
        outbox_write(
            kind=template_prefix,
            to=email,
            recipient=user,
            subject=composed.subject,
            text=composed.text,
            html=composed.html,
        )

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        """Nothing to an address another account has already confirmed, typed on the email
        page by someone else: asking its owner to confirm it for that someone would let
        anyone have the site email any colleague in their name, and would tell the owner
        who tried. The page says what it says for any address (allauth's enumeration
        prevention), and the address could not be confirmed there anyway."""
        address = emailconfirmation.email_address
        owner = account_of(address.email)
        if not signup and owner is not None and owner.pk != address.user_id:
            return
        if not signup and kept_for_invitation(address.email, owner):
            # Kept for the person invited, who joins through the invitation (it says what
            # they are joining): the page answers as for any address, telling nobody that
            # one waits, and nobody confirms it for another account. The address is
            # reminded of its invitation instead, which only its owner reads.
            self.send_mail("account/email/invitation_waiting", address.email, {"added": True})
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_account_already_exists_mail(self, email):
        """Someone signed up with an address that is an account's, or kept for an
        invitation (accounts.signup.SignupForm): the owner is emailed, the page answering
        alike. The invited person is reminded of their invitation, having no account yet."""
        if kept_for_invitation(email, account_of(email)):
            self.send_mail("account/email/invitation_waiting", email, {})
            return
        super().send_account_already_exists_mail(email)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """A notice of a change to the account (password, address, two-factor authentication) greets
        the person by name: allauth gives its templates the time and place, not the user."""
        super().send_notification_mail(
            template_prefix, user, context={"user": user, **(context or {})}, email=email
        )


def account_of(email: str):
    """The account whose address `email` is, or None: its sign-in address, or an address it
    has confirmed. An address someone typed on their account and never confirmed is not
    theirs (anyone can type any address): it reaches no account's password reset, and its
    owner may still sign up with it (accounts.signup)."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    found = User.objects.filter(email__iexact=email).first()
    if found is None:
        confirmed = EmailAddress.objects.filter(email__iexact=email, verified=True)
        added = confirmed.select_related("user").first()
        found = added.user if added is not None else None
    return found


def kept_for_invitation(email: str, owner) -> bool:
    """Whether `email`, the address of no account (`owner`, as `account_of` found it), is
    kept for an invitation waiting to be accepted: what sign-up and the email page remind
    its owner of instead of confirming it."""
    return owner is None and invitation_waits(email)


def invitation_waits(email: str) -> bool:
    """Whether the programme office's invitation to `email` waits to be accepted: the
    address is kept for the person invited (accounts.signup)."""
    from accounts.models import Invitation

    return Invitation.objects.pending().filter(email__iexact=email).exists()
