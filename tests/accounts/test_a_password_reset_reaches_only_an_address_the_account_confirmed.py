"""A password reset link goes to an account's sign-in address or to an address it confirmed,
never to one someone typed on their account and never confirmed: whoever reads that mailbox
would set the password of an account that is not theirs. The page that answers is the same
whether a link was sent or not, so it tells nobody which addresses have an account."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.admin_pages import words

pytestmark = pytest.mark.django_db

TYPED = "nell@example.org"
CONFIRMED = "olu.second@example.org"


def reset_asked(client, address, capture) -> str:
    with capture(execute=True):
        page = client.post(reverse("account_reset_password"), {"email": address}, follow=True)
    return words(page.content.decode())


def test_an_address_only_typed_on_an_account_is_sent_no_link(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    EmailAddress.objects.create(user=cast.outsider, email=TYPED, verified=False)

    page = reset_asked(client, TYPED, django_capture_on_commit_callbacks)

    assert [m for m in mailoutbox if "/password/reset/key/" in m.body] == []
    # As for an address nobody has.
    assert page == reset_asked(client, "nobody@example.org", django_capture_on_commit_callbacks)


def test_an_address_the_account_confirmed_is_sent_its_link(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    EmailAddress.objects.create(user=cast.outsider, email=CONFIRMED, verified=True)

    reset_asked(client, CONFIRMED, django_capture_on_commit_callbacks)

    [email] = [m for m in mailoutbox if "/password/reset/key/" in m.body]
    assert email.to == [CONFIRMED]
    assert "Olu" in email.body


def test_the_sign_in_address_is_sent_its_link(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    reset_asked(client, cast.outsider.email, django_capture_on_commit_callbacks)

    [email] = [m for m in mailoutbox if "/password/reset/key/" in m.body]
    assert email.to == [cast.outsider.email]
