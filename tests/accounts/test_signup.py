import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from accounts.models import OutboxMessage, User
from tests.admin_pages import messages_shown
from tests.cast import AMARA_SIGN_UP, sign_in_as
from tests.factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

make_token = default_token_generator.make_token


def confirmation_link(mail):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.body).group(1)


# allauth's email goes to the outbox and leaves once the request's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_staff_member_signs_up_and_is_asked_to_confirm_their_email(client, mailoutbox):
    response = client.post(reverse("account_signup"), AMARA_SIGN_UP, follow=True)

    user = User.objects.get(email="amara@example.org")
    assert user.full_name == "Amara Okafor"
    assert user.department == "Life Sciences"
    assert not EmailAddress.objects.get(user=user).verified
    assert "Verify your email address" in response.content.decode()
    assert len(mailoutbox) == 1
    assert confirmation_link(mailoutbox[0])


# allauth's email goes to the outbox and leaves once the request's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_confirming_the_email_lets_the_staff_member_sign_in(client, mailoutbox):
    client.post(reverse("account_signup"), AMARA_SIGN_UP)
    client.post(confirmation_link(mailoutbox[0]))

    response = client.post(
        reverse("account_login"),
        {"login": "amara@example.org", "password": AMARA_SIGN_UP["password1"]},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Welcome, Amara" in response.content.decode()


def test_a_sign_up_from_another_domain_is_refused_with_a_reason(client, mailoutbox):
    response = client.post(reverse("account_signup"), {**AMARA_SIGN_UP, "email": "amara@gmail.com"})

    assert response.status_code == 200
    assert "ending in @example.org" in response.content.decode()
    assert 'value="Amara Okafor"' in response.content.decode()
    assert not User.objects.exists()
    assert mailoutbox == []


def test_a_refused_address_does_not_repeat_the_rule_said_beside_the_field(client):
    page = client.post(reverse("account_signup"), {**AMARA_SIGN_UP, "email": "amara@gmail.com"})

    page = page.content.decode()
    assert "Accounts are for staff email addresses ending in @example.org." in page
    assert page.count("Board members join through the invitation") == 1  # beside the field


def test_after_signing_up_the_email_sent_is_said_once_with_the_office_to_write_to(client, settings):
    settings.PROGRAMME_OFFICE_EMAIL = "office@example.org"

    page = client.post(reverse("account_signup"), AMARA_SIGN_UP, follow=True).content.decode()

    assert page.count("Confirmation email sent to amara@example.org.") == 1
    assert "We have sent" not in page
    assert "Follow the link in the email" in page
    assert 'href="mailto:office@example.org"' in page
    assert "contact us" not in page


def test_sign_up_is_closed_when_no_domain_is_allowed(client, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = []
    response = client.post(reverse("account_signup"), AMARA_SIGN_UP)
    assert "Sign up closed" in response.content.decode()
    assert not User.objects.exists()


def test_a_weak_password_is_refused_and_nothing_is_created(client):
    data = {**AMARA_SIGN_UP, "password1": "password", "password2": "password"}
    response = client.post(reverse("account_signup"), data)

    assert "This password is too common" in response.content.decode()
    assert not User.objects.exists()


# allauth's email goes to the outbox and leaves once the request's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_signing_in_before_verifying_sends_the_link_again_instead(client, mailoutbox):
    UserFactory(email="new@example.org", verified=False)
    EmailAddress.objects.create(
        user=User.objects.get(email="new@example.org"), email="new@example.org", verified=False
    )

    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}, follow=True
    )

    assert "_auth_user_id" not in client.session
    assert "Verify your email address" in response.content.decode()
    assert len(mailoutbox) == 1


def test_too_many_wrong_passwords_are_rate_limited(client, staff_member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": staff_member.email, "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": staff_member.email, "password": PASSWORD}
    )

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


# allauth's email goes to the outbox and leaves once the request's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_forgotten_password_is_reset_through_the_emailed_link(client, staff_member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": staff_member.email})

    [mail] = mailoutbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.body).group(1)
    form_url = client.get(link).url  # allauth moves the key out of the address first
    client.post(
        form_url,
        {"password1": "a-new-and-unusual-passphrase", "password2": "a-new-and-unusual-passphrase"},
    )

    response = client.post(
        reverse("account_login"),
        {"login": staff_member.email, "password": "a-new-and-unusual-passphrase"},
    )
    assert response.url == reverse("dashboard")


def test_after_a_reset_the_password_change_is_said_once_with_what_to_do_next(client, cast):
    new = "a-new-and-unusual-passphrase"
    key = {"uidb36": user_pk_to_url_str(cast.mentor), "key": make_token(cast.mentor)}
    form_url = client.get(reverse("account_reset_password_from_key", kwargs=key)).url

    response = client.post(form_url, {"password1": new, "password2": new}, follow=True)

    page = response.content.decode()
    assert re.findall(r"Password (?:successfully )?changed|now changed", page) == [
        "Password changed",  # the title
        "Password changed",  # the heading
    ]
    assert f'<a href="{reverse("account_login")}">Sign in</a> with your new password.' in page


def test_a_signed_in_password_change_is_still_confirmed(client, cast):
    sign_in_as(client, cast, "outsider")
    new = "a-new-and-unusual-passphrase"

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
        follow=True,
    )

    assert "Password successfully changed." in response.content.decode()


def test_a_password_reset_answers_the_same_for_an_unknown_address(client, staff_member):
    known = client.post(reverse("account_reset_password"), {"email": staff_member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.url == unknown.url == reverse("account_reset_password_done")
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_a_password_reset_for_an_unknown_address_emails_nobody(client):
    from accounts.models import OutboxMessage

    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    # Nobody is mailed on a stranger's say-so, not even "you have no account here".
    assert not OutboxMessage.objects.filter(to="nobody@example.org").exists()


def test_an_address_sign_up_would_refuse_cannot_be_added_to_an_account(client, cast):
    sign_in_as(client, cast, "mentor")
    email = "maya@gmail.example"

    response = client.post(reverse("account_email"), {"action_add": "", "email": email})

    page = response.content.decode()
    assert "Accounts are for staff email addresses ending in @example.org." in page
    assert page.count('class="alert alert-danger error-summary"') == 1
    assert not EmailAddress.objects.filter(email=email).exists()


def test_an_address_kept_for_an_invitation_is_answered_as_any_and_sent_no_confirmation(
    client, cast
):
    """The email page tells nobody that an invitation waits for an address, and asks its
    owner to confirm it for no one else's account: they are reminded to join through the
    invitation."""
    InvitationFactory(email="provost@example.org")
    sign_in_as(client, cast, "mentor")

    asked = client.post(reverse("account_email"), {"action_add": "", "email": "x@example.org"})
    client.post(asked.url, {"password": PASSWORD})  # the password, given again first

    kept = client.post(
        reverse("account_email"), {"action_add": "", "email": "provost@example.org"}, follow=True
    )
    other = client.post(
        reverse("account_email"),
        {"action_add": "", "email": "nobody.invited@example.org"},
        follow=True,
    )

    said = messages_shown(kept)[-1]
    assert said == "Confirmation email sent to provost@example.org."
    assert messages_shown(other)[-1] == "Confirmation email sent to nobody.invited@example.org."
    assert "invitation" not in kept.content.decode().lower()
    # Its owner, who may be the one adding it, is told to use the invitation instead.
    [reminded] = OutboxMessage.objects.filter(to="provost@example.org")
    assert reminded.kind == "account/email/invitation_waiting"
    assert "tried to add provost@example.org to an account on" in reminded.text
    assert "please join through the link in your invitation email" in reminded.text
    assert OutboxMessage.objects.filter(to="nobody.invited@example.org").exists()
