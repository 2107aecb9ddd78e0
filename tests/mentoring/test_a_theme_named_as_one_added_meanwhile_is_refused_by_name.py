"""A programme's page in the admin, posted with a new theme named as one a colleague has
added since the page was opened (or with a row made to look new): the page comes back
saying the name is taken, with nothing saved, never a server error from the database's
unique rule."""

import pytest
from django.urls import reverse

from mentoring.models import Theme
from tests.admin_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, cast):
    client.force_login(cast.coordinator)
    return client


def _page(office, cast):
    return office.get(reverse("admin:mentoring_programme_change", args=[cast.programme.pk]))


def _blank_row(data: dict) -> str:
    """The prefix of the inline's empty row the page offers for a new theme."""
    return f"themes-{int(data['themes-TOTAL_FORMS']) - 1}"


def test_a_new_theme_named_as_one_added_meanwhile_is_refused_with_the_name_taken(office, cast):
    data = form_data(_page(office, cast))
    Theme.objects.create(programme=cast.programme, name="Belonging", position=5)  # meanwhile
    row = _blank_row(data)
    data |= {f"{row}-name": "Belonging", f"{row}-position": "6"}

    response = office.post(
        reverse("admin:mentoring_programme_change", args=[cast.programme.pk]), data
    )

    assert response.status_code == 200
    errors = [
        str(e)
        for form in response.context["inline_admin_formsets"][0].formset.forms
        for e in form.non_field_errors()
    ]
    assert errors == ["A theme with this name already exists in this programme."], errors
    assert Theme.objects.filter(programme=cast.programme, name="Belonging").count() == 1


def test_a_saved_theme_posted_as_new_is_refused_not_duplicated(office, cast):
    theme = Theme.objects.create(programme=cast.programme, name="Belonging", position=5)
    data = form_data(_page(office, cast))
    saved = next(key for key, value in data.items() if key.endswith("-id") and value == theme.pk)
    prefix = saved.removesuffix("-id")
    data[saved] = ""  # the row as a browser with the page tampered would send a new one
    data["themes-INITIAL_FORMS"] = "0"
    data[f"{prefix}-name"] = "Belonging"

    response = office.post(
        reverse("admin:mentoring_programme_change", args=[cast.programme.pk]), data
    )

    assert response.status_code == 200
    assert Theme.objects.filter(programme=cast.programme, name="Belonging").count() == 1


def test_a_new_theme_with_a_new_name_is_still_added(office, cast):
    data = form_data(_page(office, cast))
    row = _blank_row(data)
    data |= {f"{row}-name": "Belonging", f"{row}-position": "6"}

    response = office.post(
        reverse("admin:mentoring_programme_change", args=[cast.programme.pk]), data
    )

    assert response.status_code == 302
    assert Theme.objects.filter(programme=cast.programme, name="Belonging").exists()
