"""`User.has_perm` and `has_module_perms` answer from the permissions ModelBackend keeps on
the person, without asking each backend again: Django refuses to start (its system checks,
run by runserver, migrate and `manage.py check`) with a backend that answers permissions its
own way, which those answers would skip. Backends that only sign people in, or answer as
ModelBackend does, are welcome."""

import pytest
from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.checks import Error, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

HERE = __name__


class DirectoryBackend(BaseBackend):
    """Grants what a staff directory says, never stored as Django permissions."""

    def has_perm(self, user_obj, perm, obj=None):
        return perm == "mentoring.view_programme"


class ListsMoreBackend(ModelBackend):
    """ModelBackend, with one permission more in its list than on its `_perm_cache`."""

    def get_all_permissions(self, user_obj, obj=None):
        return {*super().get_all_permissions(user_obj, obj), "mentoring.view_programme"}


class GroupsElsewhereBackend(ModelBackend):
    """ModelBackend, reading a group's permissions from somewhere of its own."""

    def _get_group_permissions(self, user_obj):
        return super()._get_group_permissions(user_obj).filter(codename__startswith="view_")


class SignInOnlyBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None


def refusals() -> list[Error]:
    return [message for message in run_checks() if message.id == "accounts.E001"]


def test_the_sites_own_backends_start():
    assert refusals() == []
    call_command("check")


@pytest.mark.parametrize(
    ("backend", "methods"),
    [
        (f"{HERE}.DirectoryBackend", "has_perm"),
        (f"{HERE}.ListsMoreBackend", "get_all_permissions"),
        (f"{HERE}.GroupsElsewhereBackend", "_get_group_permissions"),
    ],
)
def test_a_backend_answering_permissions_its_own_way_stops_start_up(backend, methods):
    with override_settings(AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, backend]):
        (refusal,) = refusals()
        with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
            call_command("check")

    assert refusal.obj == backend
    assert refusal.is_serious()
    assert f"answers permissions ({methods})" in refusal.msg
    assert "Take it out of AUTHENTICATION_BACKENDS" in refusal.hint


@pytest.mark.parametrize(
    "backend",
    [
        f"{HERE}.SignInOnlyBackend",
        "django.contrib.auth.backends.ModelBackend",
        "django.contrib.auth.backends.RemoteUserBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_a_backend_that_signs_people_in_or_answers_as_model_backend_starts(backend):
    with override_settings(AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, backend]):
        assert refusals() == []
