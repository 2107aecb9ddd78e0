"""Every account page says no-store, those shown before the person is signed in too: the
page after signing up names their address."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.cast import AMARA_SIGN_UP

pytestmark = pytest.mark.django_db


def test_the_page_after_signing_up_that_names_the_address_is_never_stored(db):
    """Someone signs up on a shared computer (a library, a staff room). The page that follows,
    /accounts/confirm-email/, says "Confirmation email sent to amara@example.org." but is sent
    with no Cache-Control at all (PrivatePagesMiddleware only marks signed-in requests, the
    calendar and emailed-link pages; the person is not signed in until the address is
    confirmed), so the browser may keep it and the next person can bring it back with Back or
    from the history. Issue 13 asks for no-store on every page showing personal content,
    account pages included. It should say `Cache-Control: no-store`, like the other account
    pages that name the person."""
    client = Client()

    response = client.post(reverse("account_signup"), AMARA_SIGN_UP, follow=True)

    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "amara@example.org" in response.content.decode()
    assert "no-store" in response.get("Cache-Control", "")
