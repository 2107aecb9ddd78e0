"""An object's address in the programme office reads its id from ASCII digits only, as
every other address does (`accounts.bounds.posted_number`): an Arabic-Indic or full-width
7, which Python's `int()` reads as 7, names no object, on every list of the admin."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.admin_base import AddressIdMixin
from mentoring.models import MentorApplication
from tests.admin_pages import messages_shown

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))


@pytest.fixture
def office(client, cast):
    client.force_login(cast.superuser)
    return client


def test_every_list_of_the_admin_reads_ids_in_its_addresses_alike():
    assert [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, AddressIdMixin)
    ] == []


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH])
@pytest.mark.parametrize("page", ["change", "history"])
def test_an_application_id_in_other_digits_is_not_found(office, cast, digits, page):
    application = MentorApplication.objects.get(applicant=cast.mentor)
    other = str(application.pk).translate(digits)

    response = office.get(
        reverse(f"admin:mentoring_mentorapplication_{page}", args=[other]), follow=True
    )

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert messages_shown(response) == [
        f"mentor application with ID \u201c{other}\u201d doesn\u2019t exist. "
        "Perhaps it was deleted?"
    ]
    assert (
        office.get(
            reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("model", "pk_of"),
    [
        ("accounts_user", lambda cast: cast.mentor.pk),
        ("auth_group", lambda cast: Group.objects.get_or_create(name="Readers")[0].pk),
    ],
)
def test_lists_built_on_djangos_own_admins_refuse_other_digits_too(office, cast, model, pk_of):
    other = str(pk_of(cast)).translate(ARABIC_INDIC)

    response = office.get(reverse(f"admin:{model}_change", args=[other]))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize("page", ["", "propose/", "export/"])
def test_a_match_board_address_in_other_digits_is_not_found(office, cast, page):
    board = reverse("admin:matching_board", args=[cast.programme.pk])
    other = str(cast.programme.pk).translate(ARABIC_INDIC)

    response = office.get(board.replace(f"/{cast.programme.pk}/", f"/{other}/") + page)

    assert response.status_code == 404
    assert office.get(board).status_code == 200
