"""Checks of the settings the accounts code relies on, registered by AccountsConfig.ready:
`manage.py check`, runserver and migrate run them (gunicorn does not: the containers run
migrate, which refuses to go on, before the web service starts)."""

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core import checks
from django.utils.module_loading import import_string

# The methods Django asks a backend for a person's permissions (`User.has_perm` and the rest),
# and ModelBackend's own reads of them, which accounts.access.staff_facts_read does in their
# place.
PERMISSION_METHODS = (
    "has_perm",
    "has_module_perms",
    "get_all_permissions",
    "get_user_permissions",
    "get_group_permissions",
    "_get_permissions",
    "_get_user_permissions",
    "_get_group_permissions",
)


def check_permissions_come_from_model_backend(app_configs, **kwargs) -> list[checks.Error]:
    """`User.has_perm` and `has_module_perms` answer from the permissions ModelBackend keeps
    on the person, without asking each backend, and staff pages read them as ModelBackend
    does (accounts.access.staff_facts_read): a backend that answers or reads permissions its
    own way would be skipped, and the admin would show or refuse what it should not.
    Backends that only sign people in (allauth's) or answer as ModelBackend does (its
    subclasses that keep its permission methods) are fine."""
    return [
        checks.Error(
            f"This authentication backend answers permissions ({', '.join(methods)}) other "
            "than as ModelBackend does, and User.has_perm would not ask it.",
            hint=(
                "Take it out of AUTHENTICATION_BACKENDS, or make User.has_perm and "
                "User.has_module_perms (accounts/models.py) ask every backend again."
            ),
            obj=path,
            id="accounts.E001",
        )
        for path in settings.AUTHENTICATION_BACKENDS
        if (methods := _own_permission_methods(import_string(path)))
    ]


def _own_permission_methods(backend: type) -> list[str]:
    """The permission methods `backend` has that are neither ModelBackend's nor the empty
    answers of BaseBackend's."""
    return [
        name
        for name in PERMISSION_METHODS
        if getattr(backend, name, None)
        not in (None, getattr(ModelBackend, name), getattr(BaseBackend, name, None))
    ]
