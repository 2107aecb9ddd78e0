"""What a staff page asks about its person (a verified authenticator, the coordinator role,
their permissions) is read in one query (accounts.access.staff_facts_read), and answers as
allauth and Django's ModelBackend read them; a change made between two requests shows on the
next one: a role or a permission taken away, an authenticator removed, an account switched
off."""

import pytest
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import staff_facts_read
from accounts.models import COORDINATORS_GROUP, User, coordinators_group
from tests.admin_pages import staff_who_may
from tests.cast import switch_off
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/mentoring/mentorapplication/"
GRADES = "/admin/mentoring/grade/"
SET_UP = "/accounts/2fa/totp/activate/"


def staff_in_a_group() -> User:
    """Staff with an authenticator, a permission of their own and two through a group (one
    of them theirs already)."""
    person = staff_who_may("view_grade")
    group = Group.objects.create(name="Report readers")
    group.permissions.add(*Permission.objects.filter(codename__in=["view_grade", "view_event"]))
    person.groups.add(group)
    return person


@pytest.fixture(
    params=[
        "coordinator",
        "superuser",
        "coordinator_without_authenticator",
        "staff_in_a_group",
        "staff_with_recovery_codes_only",
        "staff_switched_off",
        "mentor",
    ]
)
def person(request, cast) -> User:
    if request.param == "staff_in_a_group":
        return staff_in_a_group()
    if request.param == "staff_with_recovery_codes_only":
        person = UserFactory(is_staff=True)
        Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES, data={})
        return person
    if request.param == "staff_switched_off":
        person = staff_in_a_group()
        switch_off(person)
        return person
    return cast.person(request.param)


def test_the_facts_read_together_answer_as_allauth_and_django_read_them(person):
    read, fresh = (User.objects.get(pk=person.pk) for _ in range(2))

    staff_facts_read(read)

    assert read._has_verified_authenticator == is_mfa_enabled(fresh, [Authenticator.Type.TOTP])
    assert read.is_coordinator == fresh.is_coordinator
    assert read._is_coordinator == coordinators_group(fresh).exists()
    backend, djangos = ModelBackend(), ModelBackend()
    with CaptureQueriesContext(connection) as asked:
        answers = [
            backend.get_user_permissions(read),
            backend.get_group_permissions(read),
            backend.get_all_permissions(read),
        ]
    if read.is_active and not read.is_superuser:  # kept where Django's backend keeps them
        assert len(asked) == 0
    assert answers == [
        djangos.get_user_permissions(fresh),
        djangos.get_group_permissions(fresh),
        djangos.get_all_permissions(fresh),
    ]


def test_the_sites_mfa_adapter_tells_who_has_an_authenticator_as_allauth_does():
    """The read stands in for allauth's `is_mfa_enabled`: an adapter answering otherwise
    would be skipped."""
    assert type(get_mfa_adapter()).is_mfa_enabled is DefaultMFAAdapter.is_mfa_enabled


def test_an_admin_page_reads_the_persons_authenticator_role_and_permissions_in_one_query(
    client, cast
):
    client.force_login(cast.coordinator)
    tables = ("mfa_authenticator", "auth_permission", "auth_group")

    with CaptureQueriesContext(connection) as asked:
        assert client.get(APPLICATIONS).status_code == 200

    about_the_person = [q["sql"] for q in asked if any(f'"{t}"' in q["sql"] for t in tables)]
    assert len(about_the_person) == 1


def test_a_coordinator_taken_out_of_the_office_is_refused_on_the_next_request(client, cast):
    client.force_login(cast.coordinator)
    assert client.get(APPLICATIONS).status_code == 200

    cast.coordinator.groups.remove(Group.objects.get(name=COORDINATORS_GROUP))

    assert client.get(APPLICATIONS).status_code == 403


def test_a_permission_taken_away_or_given_shows_on_the_next_request(client):
    person = staff_who_may("view_grade")
    client.force_login(person)
    assert client.get(GRADES).status_code == 200

    person.user_permissions.clear()
    assert client.get(GRADES).status_code == 403

    group = Group.objects.create(name="Grade readers")
    group.permissions.add(Permission.objects.get(codename="view_grade"))
    person.groups.add(group)
    assert client.get(GRADES).status_code == 200


def test_an_authenticator_removed_sends_the_coordinator_to_set_one_up_on_the_next_request(
    client, cast
):
    client.force_login(cast.coordinator)
    assert client.get(APPLICATIONS).status_code == 200

    Authenticator.objects.filter(user=cast.coordinator).delete()

    response = client.get(APPLICATIONS)
    assert response.status_code == 302
    assert response["Location"] == SET_UP


def test_an_account_switched_off_reaches_nothing_on_the_next_request(client, cast):
    client.force_login(cast.coordinator)
    assert client.get(APPLICATIONS).status_code == 200

    switch_off(cast.coordinator)

    response = client.get(APPLICATIONS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
