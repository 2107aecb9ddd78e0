"""Details saved at the moment the office deletes the account write only their own fields,
and not to a deleted account: the account is not brought back as it was."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import account_delete
from mentoring.forms.profile import AccountDetailsForm

pytestmark = pytest.mark.django_db

BOSS = "boss@example.org"


def test_details_sent_as_the_office_deletes_the_account_do_not_bring_it_back(
    client, cast, monkeypatch
):
    """The office deletes Maya's account while her new name is being checked, after her
    details were read: what she sent must not write the account back as it was."""
    client.force_login(cast.mentor)
    clean = AccountDetailsForm.clean

    def deleted_meanwhile(form):
        account_delete(user=cast.mentor, by=cast.coordinator)
        return clean(form)

    monkeypatch.setattr(AccountDetailsForm, "clean", deleted_meanwhile)
    client.post(
        reverse("profile_details"),
        {"full_name": "Maya Newname", "job_title": "Technician", "department": "Estates"},
    )

    maya = User.objects.get(pk=cast.mentor.pk)
    assert maya.is_deleted
    assert (maya.email, maya.is_active, maya.has_usable_password()) == (
        f"deleted-{maya.pk}@deleted.invalid",
        False,
        False,
    )
    assert "Maya" not in maya.full_name
