"""A switched-off account is sent nothing allauth writes about its address (the outbox calls
off what is to it, once the email names its account: `AccountAdapter.send_mail`), and a reset
link sent before it was switched off sets no password (`accounts.allauth_forms.UserTokenForm`)."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-2"


def switch_off(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


def test_a_switched_off_account_is_not_emailed_when_someone_signs_up_with_its_address(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    """An email to a switched-off account is called off (outbox.check_recipient), but
    allauth's "You already have an account" email is written with no recipient
    (AccountAdapter.send_mail takes it from the context, which has no user), so anyone
    typing the address on the sign-up page had it sent, telling the switched-off person to
    sign in or reset a password, neither of which works."""
    switch_off(cast.outsider)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Anyone",
                "email": cast.outsider.email,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

    assert not [m.subject for m in mailoutbox if cast.outsider.email in m.to]


def test_a_reset_link_sent_before_the_account_was_switched_off_no_longer_sets_a_password(
    client, cast
):
    """A switched-off account cannot ask for a reset (allauth looks for active accounts),
    but a link sent before it was switched off still sets a new password: whoever holds the
    link (the reason the office switched it off, say) chooses the password the account will
    have when it is switched on again."""
    person = cast.outsider
    link = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(person),
            "key": default_token_generator.make_token(person),
        },
    )
    switch_off(person)

    opened = client.get(link)
    client.post(
        opened.url if opened.status_code == 302 else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)
