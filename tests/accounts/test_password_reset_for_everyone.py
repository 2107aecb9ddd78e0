"""A forgotten password is reset for anyone with an account, whatever their address's domain:
the staff-domain rule and the invitation rule belong to sign-up."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def request_reset(client, django_capture_on_commit_callbacks, email):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email})


def test_a_board_member_outside_the_staff_domains_gets_the_reset_link(
    client, django_capture_on_commit_callbacks
):
    # The suite allows sign-up for @example.org only; board members were invited elsewhere.
    UserFactory(full_name="Bea Board", email="bea@board.example.com")

    response = request_reset(client, django_capture_on_commit_callbacks, "bea@board.example.com")

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["bea@board.example.com"]
    assert re.search(r"/accounts/password/reset/key/\S+/", message.body)


def test_the_reset_page_does_not_tell_who_has_an_invitation(
    client, django_capture_on_commit_callbacks
):
    InvitationFactory(email="invited@board.example.com")

    invited = request_reset(client, django_capture_on_commit_callbacks, "invited@board.example.com")
    stranger = request_reset(client, django_capture_on_commit_callbacks, "nobody@example.net")

    # Both answer as for a known address, and nobody is emailed.
    assert invited.status_code == stranger.status_code == 302
    assert invited.url == stranger.url == reverse("account_reset_password_done")
    assert mail.outbox == []
