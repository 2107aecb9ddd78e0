"""The admin's sidebar lists what the person may see as their permissions are now: the list
is worked out once per process for each set of permissions (accounts.admin_site), and the
set is read on each request, so a permission the office takes away from its group shows on
the next page. An admin whose checks read more of the person than their permissions has
each person's list worked out for them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts import admin_site
from accounts.models import COORDINATORS_GROUP
from mentoring.admin.applications import MentorApplicationAdmin
from mentoring.admin.programmes import GradeAdmin
from mentoring.models import Grade
from tests.admin_pages import APPLICATIONS
from tests.cast import sign_in_as
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

GRADES = 'href="/admin/mentoring/grade/"'


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch):
    monkeypatch.setattr(admin_site, "_KEPT", {})


def test_a_model_whose_permissions_are_taken_away_leaves_the_sidebar_at_once(client, cast):
    sign_in_as(client, cast, "coordinator")
    assert GRADES in client.get(APPLICATIONS).content.decode()
    group = Group.objects.get(name=COORDINATORS_GROUP)

    group.permissions.remove(*Permission.objects.filter(codename__endswith="_grade"))
    after = client.get(APPLICATIONS).content.decode()

    assert GRADES not in after
    assert 'href="/admin/mentoring/mentorapplication/"' in after


def test_a_permission_given_back_shows_again(client, cast):
    group = Group.objects.get(name=COORDINATORS_GROUP)
    grades = list(Permission.objects.filter(codename__endswith="_grade"))
    group.permissions.remove(*grades)
    sign_in_as(client, cast, "coordinator")
    assert GRADES not in client.get(APPLICATIONS).content.decode()

    group.permissions.add(*grades)

    assert GRADES in client.get(APPLICATIONS).content.decode()


def test_people_with_the_same_permissions_share_one_list(client, cast, monkeypatch):
    sign_in_as(client, cast, "coordinator")
    client.get(APPLICATIONS)
    asked = []
    djangos = MentorApplicationAdmin.get_model_perms
    monkeypatch.setattr(
        MentorApplicationAdmin,
        "get_model_perms",
        lambda self, request: asked.append(request) or djangos(self, request),
    )
    colleague = Client()
    colleague.force_login(CoordinatorFactory(full_name="Cora Colleague"))

    page = colleague.get(APPLICATIONS).content.decode()

    assert asked == []
    assert GRADES in page


def test_an_admin_reading_more_of_the_person_has_each_persons_list(client, cast, monkeypatch):
    # Two coordinators, the same permissions; the grades' admin shows itself to Carmen alone.
    monkeypatch.setattr(
        GradeAdmin,
        "has_module_permission",
        lambda self, request: request.user.email == cast.coordinator.email,
    )
    sign_in_as(client, cast, "coordinator")
    colleague = Client()
    colleague.force_login(CoordinatorFactory(full_name="Cora Colleague"))

    carmens = client.get(APPLICATIONS).content.decode()
    coras = colleague.get(APPLICATIONS).content.decode()

    assert GRADES in carmens
    assert GRADES not in coras
    assert Grade._meta.verbose_name_plural.capitalize() in carmens
