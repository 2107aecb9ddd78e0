"""Someone types a colleague's address on their own email page. The site answers as it
would for any address (allauth's enumeration prevention), but emails the colleague nothing:
a confirmation there would let anyone have the site email a colleague in their name, and
tell the colleague who tried. An address nobody holds is still sent its confirmation."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import OutboxMessage
from tests.admin_pages import sign_in_for_real
from tests.factories import PASSWORD


@pytest.fixture
def omar(client, cast):
    sign_in_for_real(client, cast, "other_mentor")
    return client


def add_address(client, address) -> list[str]:
    """The email page's "Add email", with the password asked again before it is taken: what
    the page then says."""
    response = client.post(reverse("account_email"), {"email": address, "action_add": ""})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 200
    return [str(message) for message in get_messages(response.wsgi_request)]


def emails_to(address) -> list[str]:
    return list(OutboxMessage.objects.filter(to=address).values_list("kind", flat=True))


def test_a_colleagues_confirmed_address_is_not_emailed(omar, cast):
    EmailAddress.objects.update_or_create(
        user=cast.board_member,
        email=cast.board_member.email,
        defaults={"verified": True, "primary": True},
    )

    said = add_address(omar, cast.board_member.email)

    assert said == [f"Confirmation email sent to {cast.board_member.email}."]  # as for any
    assert emails_to(cast.board_member.email) == []


def test_a_colleagues_sign_in_address_is_not_emailed(omar, cast):
    # Her sign-in address, with no EmailAddress row (an account the office made).
    EmailAddress.objects.filter(user=cast.board_member).delete()

    said = add_address(omar, cast.board_member.email)

    assert said == [f"Confirmation email sent to {cast.board_member.email}."]
    assert emails_to(cast.board_member.email) == []


def test_an_address_nobody_holds_is_sent_its_confirmation(omar):
    said = add_address(omar, "omar.second@example.org")

    assert said == ["Confirmation email sent to omar.second@example.org."]
    assert emails_to("omar.second@example.org") == ["account/email/email_confirmation"]
