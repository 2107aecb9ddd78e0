"""Every list in the programme office draws its rows' selection checkbox directly
(accounts.admin_base), with exactly the markup Django's widget renders."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.admin_base import RowCheckboxMixin
from mentoring.models import MentorApplication, Programme
from tests.cast import sign_in_as
from tests.factories import GradeFactory

PROJECT_APPS = {"accounts", "mentoring", "matching", "evaluation"}


def project_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Plain cohort",
        'Tricky <b>"cohort"</b> & co',
        "Ünïcode — \u2018quotes\u2019 and 'apostrophes'",
    ],
)
def test_the_row_checkbox_is_djangos_markup(db, name):
    programme = Programme(pk=42, name=name, slug="tricky")
    model_admin = admin.site.get_model_admin(Programme)

    drawn = model_admin.action_checkbox(programme)

    assert drawn == admin.ModelAdmin.action_checkbox(model_admin, programme)
    assert 'name="_selected_action" value="42"' in drawn


@pytest.mark.parametrize("model_admin", project_admins(), ids=lambda a: str(a))
def test_every_project_list_draws_its_checkbox_directly(model_admin):
    assert isinstance(model_admin, RowCheckboxMixin)


def test_the_list_of_applications_offers_each_application_for_an_action(cast, client):
    sign_in_as(client, cast, "coordinator")

    page = client.get("/admin/mentoring/mentorapplication/", secure=True).content.decode()

    for application in MentorApplication.objects.sent():
        assert f'name="_selected_action" value="{application.pk}"' in page
    assert page.count('name="_selected_action"') == MentorApplication.objects.sent().count()


def test_a_column_edited_in_place_is_named_by_its_column_and_row(client, cast):
    GradeFactory(name="Grade 5", position=3)
    client.force_login(cast.coordinator)

    page = client.get(reverse("admin:mentoring_grade_changelist")).content.decode()

    assert 'aria-label="Position of Grade 5"' in page
