"""The page an address-confirmation link opens says, in the site's words, whose address it
confirms and what to do when the link no longer works."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def added(cast):
    return EmailAddress.objects.create(
        user=cast.outsider, email="olu.second@example.org", verified=False, primary=False
    )


def test_the_link_names_the_address_and_its_person_and_confirms_it(client, added):
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(added).key])

    page = client.get(url).content.decode()

    assert "is your address, Olu Outsider." in page
    assert "olu.second@example.org" in page
    assert "email address for user" not in page  # allauth's words
    assert "Confirm my address" in page
    client.post(url)
    added.refresh_from_db()
    assert added.verified


def test_a_link_that_no_longer_works_says_how_to_get_another(client, added):
    page = client.get(reverse("account_confirm_email", args=["no-such-key"])).content.decode()

    assert "This link has expired, or has been used already." in page
    assert f'href="{reverse("account_email")}"' in page
