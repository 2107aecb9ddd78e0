"""An account made with an address takes it from any other account that only typed it and
never confirmed it (accounts.services.unconfirmed_claims_drop). One that confirms it at that
very moment keeps it: its confirmation is not lost to the address being dropped as
unconfirmed."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.cast import NELL, SIGN_UP
from tests.concurrency import needs_postgresql, while_held


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_confirmation_clicked_as_someone_signs_up_with_the_address_is_kept(cast):
    """Olu had added nell@example.org to his account; he follows its confirmation link just
    as Nell signs up with it. His confirmation stands, and Nell's account is made."""
    typed = EmailAddress.objects.create(user=cast.outsider, email=NELL, verified=False)

    def olu_confirms():
        EmailAddress.objects.filter(pk=typed.pk).update(verified=True)

    def nell_signs_up():
        assert Client().post(reverse("account_signup"), SIGN_UP).status_code == 302

    while_held(olu_confirms, nell_signs_up)

    assert EmailAddress.objects.filter(pk=typed.pk, user=cast.outsider, verified=True).exists()
    assert User.objects.filter(email=NELL, full_name="Nell Newcomer").exists()


@pytest.mark.django_db
def test_an_address_only_typed_is_dropped_as_someone_signs_up_with_it(cast):
    """Without a confirmation, Olu's typed address goes as Nell's account is made."""
    EmailAddress.objects.create(user=cast.outsider, email=NELL, verified=False)

    assert Client().post(reverse("account_signup"), SIGN_UP).status_code == 302

    nell = User.objects.get(email=NELL)
    assert list(EmailAddress.objects.filter(email=NELL).values_list("user", flat=True)) == [nell.pk]
