"""An authenticator's data (its TOTP secret, or its recovery codes' seed) is set up by its
owner from their own app, and never shown or typed in the admin, not even by a superuser:
a value made by hand would lock its owner out or sign in whoever typed it as them, and one
holding a character the database refuses (a NUL, typed in JSON as "\\u0000") broke the
page. The superuser sees who has which authenticator, and removes one its owner lost.
They sign in for real here (password, then the authenticator code)."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.admin_pages import signed_in_for_real, words

office = signed_in_for_real("superuser")  # Sue: password, then authenticator code

NUL_AS_JSON = '{"secret": "\\u0000"}'


def carmens_authenticator(cast) -> Authenticator:
    return Authenticator.objects.get(user=cast.coordinator, type=Authenticator.Type.TOTP)


def typed(cast, data: str) -> dict:
    """The authenticator form as the admin offered it, filled in by hand."""
    return {
        "user": cast.coordinator.pk,
        "type": "totp",
        "data": data,
        "created_at_0": "2026-01-05",
        "created_at_1": "09:00:00",
        "last_used_at_0": "2026-01-05",
        "last_used_at_1": "09:00:00",
    }


def test_a_superuser_sending_a_nul_as_an_authenticators_data_changes_nothing(office, cast):
    authenticator = carmens_authenticator(cast)
    change = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])

    response = office.post(change, typed(cast, NUL_AS_JSON))

    assert response.status_code == 403
    kept = Authenticator.objects.get(pk=authenticator.pk)
    assert (kept.user, kept.type, kept.data) == (cast.coordinator, "totp", authenticator.data)


def test_a_superuser_cannot_add_an_authenticator_by_hand(office, cast):
    carmens_authenticator(cast).delete()
    add = reverse("admin:mfa_authenticator_add")

    for data in (NUL_AS_JSON, '{"secret": "JBSWY3DPEHPK3PXP"}'):
        assert office.post(add, typed(cast, data)).status_code == 403
    assert not Authenticator.objects.filter(user=cast.coordinator).exists()


def test_a_superuser_sees_whose_authenticator_it_is_but_not_its_data(office, cast):
    authenticator = carmens_authenticator(cast)

    page = office.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "User: Carmen Coordinator Type: TOTP authenticator" in words(content)
    assert "Data:" not in words(content)
    assert authenticator.data["secret"] not in content
    assert 'name="_save"' not in content
    assert reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]) in content
