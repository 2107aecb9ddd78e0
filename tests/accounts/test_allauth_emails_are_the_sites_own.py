"""allauth's emails (sign-up confirmation, password reset, account already exists, notices of
changes) read like every other email of the site: a text and an HTML part in the site's
words, greeting the person by name, signed off by the programme office, with links that
work, and written to the outbox (so they leave after the request commits and are retried)."""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.mail import render_templated_mail
from accounts.models import OutboxMessage, OutboxStatus
from tests.cast import SIGN_UP, sign_in_as
from tests.factories import PASSWORD, InvitationFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

OFFICE = "edi-office@example.org"
TEXT_SIGN_OFF = f"The programme office: {OFFICE}"
HTML_SIGN_OFF = f'<p>The programme office: <a href="mailto:{OFFICE}">{OFFICE}</a></p>'
# allauth's own wording, which the site's emails do not use.
STOCK = ["Hello from", "Thank you for using", "receiving this", "Please Confirm", "Password Reset"]

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
OUR_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://mentoring.example.org"
    settings.SITE_NAME = "Example reverse mentoring"
    settings.PROGRAMME_OFFICE_EMAIL = OFFICE


def the_email(kind: str) -> OutboxMessage:
    [message] = OutboxMessage.objects.filter(kind=f"account/email/{kind}")
    return message


def assert_reads_as_the_sites_own(
    message: OutboxMessage, *, greeting: str, linked: bool = True
) -> list[str]:
    """Returns the paths the email links to, the same in its text and its HTML part (some,
    unless not `linked`)."""
    assert message.status == OutboxStatus.PENDING
    assert message.html.startswith("<!DOCTYPE html>")
    for part in (message.subject, message.text, message.html):
        for stock in STOCK:
            assert stock not in part, part
    assert message.text.startswith(f"{greeting}\n\n"), message.text
    assert f"<p>{greeting}</p>" in message.html
    assert message.text.endswith(f"\n\n{TEXT_SIGN_OFF}\n"), message.text
    assert message.html.count(HTML_SIGN_OFF) == 1, message.html
    assert "\n\n\n" not in message.text
    site = re.escape("https://mentoring.example.org")
    text_links = re.findall(rf"{site}(/\S+)", message.text)
    html_links = re.findall(rf'href="{site}(/[^"]+)"', message.html)
    assert bool(text_links) is linked, message.text
    assert sorted(text_links) == sorted(html_links)
    return text_links


def test_the_sign_up_confirmation_is_the_sites_own_and_its_link_confirms_the_address(client):
    client.post(reverse("account_signup"), SIGN_UP)

    message = the_email("email_confirmation_signup")
    assert message.to == "nell@example.org"
    assert message.recipient.email == "nell@example.org"
    assert (
        message.subject
        == "Confirm your email address to finish signing up to Example reverse mentoring"
    )
    [link] = assert_reads_as_the_sites_own(message, greeting="Dear Nell,")
    assert "Thank you for signing up to Example reverse mentoring." in message.text
    assert "confirm that nell@example.org is your address" in message.html

    assert client.get(link).status_code == 200
    client.post(link)
    assert message.recipient.emailaddress_set.get().verified


def test_signing_in_unconfirmed_sends_the_sites_own_confirmation(client):
    nell = UserFactory(full_name="Nell Newcomer", email="nell@example.org", verified=False)
    EmailAddress.objects.create(user=nell, email=nell.email, verified=False)

    client.post(reverse("account_login"), {"login": nell.email, "password": PASSWORD})

    message = the_email("email_confirmation")
    assert message.subject == "Confirm your email address for Example reverse mentoring"
    [link] = assert_reads_as_the_sites_own(message, greeting="Dear Nell,")
    assert client.get(link).status_code == 200


def test_the_password_reset_is_the_sites_own_and_its_link_opens_the_new_password_form(client):
    UserFactory(full_name="Maya Mentor", email="maya@example.org")

    client.post(reverse("account_reset_password"), {"email": "maya@example.org"})

    message = the_email("password_reset_key")
    assert message.subject == "Reset your password for Example reverse mentoring"
    [link] = assert_reads_as_the_sites_own(message, greeting="Dear Maya,")
    assert "/accounts/password/reset/key/" in link
    form = client.get(client.get(link).url)
    assert 'name="password1"' in form.content.decode()


def test_signing_up_again_with_a_known_address_says_so_in_the_sites_words(client):
    UserFactory(full_name="Maya Mentor", email="maya@example.org")

    client.post(reverse("account_signup"), {**SIGN_UP, "email": "maya@example.org"})

    message = the_email("account_already_exists")
    assert message.subject == "You already have an account on Example reverse mentoring"
    links = assert_reads_as_the_sites_own(message, greeting="Hello,")
    assert sorted(links) == ["/accounts/login/", "/accounts/password/reset/"]
    for link in links:
        assert client.get(link).status_code == 200


def test_signing_up_with_an_invited_address_reminds_its_owner_of_the_invitation(client):
    InvitationFactory(email="provost@example.org")

    client.post(reverse("account_signup"), {**SIGN_UP, "email": "provost@example.org"})

    message = the_email("invitation_waiting")
    assert message.to == "provost@example.org"
    assert message.subject == "Your invitation to Example reverse mentoring is waiting for you"
    assert assert_reads_as_the_sites_own(message, greeting="Hello,", linked=False) == []
    assert "The programme office has invited this address already" in message.text
    assert f'<a href="mailto:{OFFICE}">{OFFICE}</a>' in message.html
    assert not OutboxMessage.objects.filter(kind="account/email/account_already_exists").exists()


def test_a_notice_of_a_password_change_is_the_sites_own(client, cast):
    # Sent as the site is configured: a changed password is told to the account's owner.
    sign_in_as(client, cast, "outsider")
    new = "a-new-and-unusual-passphrase"

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )

    message = the_email("password_changed")
    assert message.to == cast.outsider.email
    assert message.subject == "Your password was changed"
    name = cast.outsider.get_short_name()
    [link] = assert_reads_as_the_sites_own(message, greeting=f"Dear {name},")
    assert "The password of your account was changed. This was done on " in message.text
    assert link == reverse("account_reset_password")
    assert client.get(link).status_code == 200


def test_setting_up_an_authenticator_is_told_to_the_account_owner(
    client, cast, django_capture_on_commit_callbacks, mailoutbox
):
    """Someone who got hold of a coordinator's password and set up their own authenticator
    would not go unseen: the owner is emailed that one was set up."""
    person = cast.coordinator_without_authenticator
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    asked = client.get(reverse("mfa_activate_totp"))
    client.post(asked.url, {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    # allauth sends it once the authenticator is saved (after commit).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    # Handed over after commit too, so it has left the outbox: read what was sent.
    assert OutboxMessage.objects.get(kind="mfa/email/totp_activated").to == person.email
    [sent] = [m for m in mailoutbox if m.to == [person.email]]
    assert sent.subject == "Two-factor authentication is on for your account"
    assert sent.body.startswith(f"Dear {person.get_short_name()},\n\n"), sent.body
    assert sent.body.endswith(f"\n\n{TEXT_SIGN_OFF}\n"), sent.body
    [(html, _)] = sent.alternatives
    assert HTML_SIGN_OFF in html


def allauth_emails() -> list[str]:
    """Every email of the allauth apps the site uses (allauth.account, allauth.mfa)."""
    return sorted(
        str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
        for path in ALLAUTH_TEMPLATES.glob("*/email/*_subject.txt")
        if f"allauth.{path.parts[-3]}" in settings.INSTALLED_APPS
    )


@pytest.mark.parametrize("prefix", allauth_emails())
def test_every_email_allauth_may_send_has_the_sites_subject_text_and_html(prefix):
    # A later allauth that adds an email fails here until the site words it.
    for suffix in ("_subject.txt", "_message.txt", "_message.html"):
        ours = OUR_TEMPLATES / f"{prefix}{suffix}"
        assert ours.exists(), f"{ours} is missing: allauth would send its own words"
    # Whatever allauth gives it (here, everything any of them is given), each reads alike.
    context = {
        "user": UserFactory(full_name="Maya Mentor"),
        "email": "maya@example.org",
        "office_email": OFFICE,
        "timestamp": timezone.now(),
        "ip": "192.0.2.1",
        "code": "ABC123",
        **dict.fromkeys(
            ("activate_url", "password_reset_url", "signup_url"),
            "https://mentoring.example.org/accounts/",
        ),
        **dict.fromkeys(("from_email", "to_email", "deleted_email"), "old@example.org"),
    }
    composed = render_templated_mail(prefix, context=context)
    for part in (composed.subject, composed.text, composed.html):
        for stock in STOCK:
            assert stock not in part, part
    assert composed.text.startswith("Dear Maya,\n\n"), composed.text
    assert composed.text.endswith(f"\n\n{TEXT_SIGN_OFF}\n"), composed.text
    assert "\n\n\n" not in composed.text, composed.text
    assert composed.html.count(HTML_SIGN_OFF) == 1, composed.html
