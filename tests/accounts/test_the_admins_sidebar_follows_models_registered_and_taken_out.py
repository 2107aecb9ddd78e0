"""The admin's sidebar lists the models registered now: a list worked out for a set of
permissions (accounts.admin_site) is for the models registered then, and a model taken out
of the admin, or registered again, shows on the next page."""

import pytest
from django.contrib import admin

from accounts import admin_site
from mentoring.models import Grade
from tests.admin_pages import APPLICATIONS
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

GRADES = 'href="/admin/mentoring/grade/"'


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch):
    monkeypatch.setattr(admin_site, "_KEPT", {})


@pytest.fixture
def grades_admin():
    """Grades' admin class, registered again after the test if it was taken out."""
    grades = type(admin.site._registry[Grade])
    yield grades
    if Grade not in admin.site._registry:
        admin.site.register(Grade, grades)


def test_a_model_taken_out_of_the_admin_leaves_the_sidebar(client, cast, grades_admin):
    sign_in_as(client, cast, "coordinator")
    assert GRADES in client.get(APPLICATIONS).content.decode()

    admin.site.unregister(Grade)

    assert GRADES not in client.get(APPLICATIONS).content.decode()


def test_a_model_registered_again_shows_on_the_next_page(client, cast, grades_admin):
    admin.site.unregister(Grade)
    sign_in_as(client, cast, "coordinator")
    assert GRADES not in client.get(APPLICATIONS).content.decode()

    admin.site.register(Grade, grades_admin)

    assert GRADES in client.get(APPLICATIONS).content.decode()
