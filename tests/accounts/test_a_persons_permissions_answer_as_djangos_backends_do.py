"""A person's permissions are read once a request (`User.has_perm`, `has_module_perms`), and
answer as Django's backends do: for a coordinator, a superuser, a staff member given two
permissions, one given none, and an account switched off."""

import pytest
from django.contrib.auth.models import Permission, _user_has_module_perms, _user_has_perm

from accounts.models import User
from tests.cast import switch_off
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERMS = ["mentoring.view_grade", "mentoring.change_event", "auth.change_group", "nothing.here"]
APPS = ["mentoring", "auth", "accounts", "nothing"]


@pytest.fixture(params=["coordinator", "superuser", "staff", "nobody", "switched_off"])
def person(request, cast) -> User:
    if request.param in ("coordinator", "superuser"):
        return User.objects.get(pk=cast.person(request.param).pk)
    person = UserFactory(is_staff=True)
    if request.param != "nobody":
        codenames = ["view_grade", "change_event"]
        person.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    if request.param == "switched_off":
        switch_off(person)
    return User.objects.get(pk=person.pk)


def test_permissions_answer_as_djangos_backends_do(person):
    for perm in PERMS:
        assert person.has_perm(perm) == (
            (person.is_active and person.is_superuser) or _user_has_perm(person, perm, None)
        )
    for app_label in APPS:
        assert person.has_module_perms(app_label) == (
            (person.is_active and person.is_superuser) or _user_has_module_perms(person, app_label)
        )


def test_permissions_given_are_read_again_when_djangos_copy_is_dropped():
    """Django's way to read a person's permissions again on the same object is to drop the
    copies its backend keeps on it: the answers kept for the request follow."""
    person = User.objects.get(pk=UserFactory(is_staff=True).pk)
    assert not person.has_perm("mentoring.view_grade")
    person.user_permissions.add(Permission.objects.get(codename="view_grade"))
    for kept in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        delattr(person, kept)
    assert person.has_perm("mentoring.view_grade")
    assert person.has_module_perms("mentoring")
