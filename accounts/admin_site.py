"""The admin site staff reach (config.admin_site makes it the programme office's): Django's,
behind the one staff rule, signed in to through allauth, its sidebar drawn quicker.

Every page of the admin lists the site's apps and models in its sidebar
(`AdminSite.each_context`). Django sorts them by their names, which are lazy translations:
each comparison of two names translates both again (some 700 Python calls on every page);
and it reverses each list's and each "Add" page's address, walking the admin's URL patterns
each time (37 reversals, 3,300 calls on the list of applications). Here each name is
translated and each address reversed once per process (`_names`, `_reversed`); the list is
otherwise Django's own (`_app_dict`, with each model admin's permission checks), drawn by
accounts/templatetags/admin_app_list.py. `tests/accounts/test_admin_app_list_is_djangos.py`
holds it to Django's. The start page asks for the list twice (its own, and the sidebar's):
it is worked out once a request (`_app_dict_of`).

Which models a person may see and do what with is asked of each of the 22 admins, some
1,000 Python calls a page, and the answer is the same for everyone with the same
permissions: it is worked out once per process for each set (`_app_dict_for`), where the
admins' checks read nothing else (an admin that reads more of the request has its list
worked out on each request). An admin's `has_module_permission`, `has_view_permission` and
`get_model_perms` must answer from the person's permissions alone: one that read the
database, the clock or a setting would have its first answer kept (none does). The set is
read on each request, so a permission taken away shows at once
(tests/accounts/test_the_admins_sidebar_follows_a_permission_taken_away.py)."""

from functools import lru_cache

from allauth.account.decorators import secure_admin_login
from django.apps import apps as installed
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.decorators import login_not_required
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import get_language

from accounts.access import staff_access_allowed


class StaffAdminSite(AdminSite):
    # How many times models were registered or unregistered (through `register` and
    # `unregister`, never by writing to `_registry`): the sidebar's lists worked out for a
    # set of permissions (`_app_dict_for`) are for the models registered then.
    registrations = 0

    def register(self, model_or_iterable, admin_class=None, **options):
        try:
            super().register(model_or_iterable, admin_class, **options)
        finally:  # some models may be registered before one is refused
            self.registrations += 1

    def unregister(self, model_or_iterable):
        try:
            super().unregister(model_or_iterable)
        finally:
            self.registrations += 1

    def has_permission(self, request) -> bool:
        """The admin, and every page wrapped in its admin_view (the match board, the report,
        survey results), follows the one staff rule: an authenticator must be set up. The
        middleware already sends such an account to the set-up; this holds without it too."""
        return staff_access_allowed(request.user)

    @method_decorator(secure_admin_login)
    @login_not_required
    def login(self, request, extra_context=None):
        """The admin signs people in through allauth, so its rate limits and MFA apply
        there too."""
        return super().login(request, extra_context)

    def get_app_list(self, request, app_label=None) -> list[dict]:
        """Django's list, each app's and model's name translated once (as the page shows
        it) and the list sorted by those names, as Django sorts it."""
        apps = list(_app_dict_of(self, request, app_label).values())
        for app in apps:
            app["models"].sort(key=lambda model: model["name"])
        return sorted(apps, key=lambda app: app["name"].lower())


def _app_dict_of(site: StaffAdminSite, request, label=None) -> dict[str, dict]:
    """`_app_dict`, kept on the request for the page's second ask (the start page's list
    and its sidebar's): the same permissions and addresses, worked out moments before.
    Another site, app or place (a script prefix set in between) is worked out anew. Each
    caller has its own copy of each app and model (`_copied`)."""
    place = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), site.name)
    key = (id(site), label, *place)
    kept = getattr(request, "_office_app_dict", None)
    if kept is None or kept[0] != key:
        kept = request._office_app_dict = (key, _app_dict_for(site, request, place, label))
    return _copied(kept[1])


def _copied(app_dict: dict[str, dict]) -> dict[str, dict]:
    return {
        app_label: {
            **app,
            "models": [{**model, "perms": {**model["perms"]}} for model in app["models"]],
        }
        for app_label, app in app_dict.items()
    }


def _app_dict_for(site: StaffAdminSite, request, place: tuple, label=None) -> dict[str, dict]:
    """`_app_dict` for the person reading, worked out once per process for each set of
    permissions (`_reader`), where the admins' checks read nothing more of the request
    than those (`_PermissionsOnly`); worked out for each request otherwise. The person's
    permissions are read on each request, so a permission given or taken away shows on
    their next page."""
    reader = _reader(request.user)
    if reader is None:
        return _app_dict(site, request, place, label)
    key = (site, site.registrations, place, label, get_language(), reader)
    found = _KEPT.get(key, False)
    if found is False:
        try:
            found = _app_dict(site, _PermissionsOnly(request.user), place, label)
        except _ReadsMore:
            found = None
        if len(_KEPT) < KEPT:
            _KEPT[key] = found
    return _app_dict(site, request, place, label) if found is None else found


# Sets of permissions (with their site, app and place) whose list is kept: a few, one for
# each group of the office and for superusers.
KEPT = 128
_KEPT: dict[tuple, dict[str, dict] | None] = {}


def _reader(user) -> tuple | None:
    """All that an admin's checks of its permissions (`has_module_permission`,
    `get_model_perms`) may read of an active person: whether they are a superuser (who has
    every permission) and, if not, their permissions. None for anyone else."""
    if not getattr(user, "is_active", False):
        return None
    if user.is_superuser:
        return (True, None)
    # The set `has_perm` answers from (accounts.models.User), read once a request.
    permissions = getattr(user, "_permissions", None)
    return None if permissions is None else (False, frozenset(permissions))


class _ReadsMore(Exception):
    """An admin's checks read more of the request than the person's permissions."""


class _PermissionsOnly:
    """A request of which only the person's permissions may be read (`_reader`): their
    answers to `has_perm` and `has_module_perms` for no object in particular, and whether
    they are active and a superuser. Anything else is refused (`_ReadsMore`, not an
    AttributeError, which `getattr(request, name, default)` would take for "not there")."""

    def __init__(self, user):
        self.user = _PersonsPermissions(user)

    def __getattr__(self, name):
        raise _ReadsMore(name)


class _PersonsPermissions:
    def __init__(self, user):
        self._user = user
        self.is_active, self.is_superuser = user.is_active, user.is_superuser

    def has_perm(self, perm, obj=None) -> bool:
        if obj is not None:
            raise _ReadsMore("a permission for one object")
        return self._user.has_perm(perm)

    def has_module_perms(self, app_label) -> bool:
        return self._user.has_module_perms(app_label)

    def __getattr__(self, name):
        raise _ReadsMore(f"user.{name}")


@receiver(setting_changed)
def _forget_app_dicts(**kwargs) -> None:
    _KEPT.clear()


def _app_dict(site: AdminSite, request, place: tuple, label=None) -> dict[str, dict]:
    """Django's `AdminSite._build_app_dict`, with names translated once per process
    (`_names`) and addresses reversed through `_reversed`."""
    language = get_language()
    app_dict = {}
    for model, model_admin in site._registry.items():
        app_label = model._meta.app_label
        if label and app_label != label:
            continue
        has_module_perms = model_admin.has_module_permission(request)
        if not has_module_perms:
            continue
        perms = model_admin.get_model_perms(request)
        if True not in perms.values():
            continue
        info = f"{app_label}_{model._meta.model_name}"
        name, app_name = _names(model, language)
        model_dict = {
            "model": model,
            "name": name,
            "object_name": model._meta.object_name,
            "perms": perms,
            "admin_url": None,
            "add_url": None,
        }
        if perms.get("change") or perms.get("view"):
            model_dict["view_only"] = not perms.get("change")
            model_dict["admin_url"] = _reversed(*place, f"admin:{info}_changelist")
        if perms.get("add"):
            model_dict["add_url"] = _reversed(*place, f"admin:{info}_add")
        if app_label in app_dict:
            app_dict[app_label]["models"].append(model_dict)
        else:
            app_dict[app_label] = {
                "name": app_name,
                "app_label": app_label,
                "app_url": _app_url(place, app_label),
                "has_module_perms": has_module_perms,
                "models": [model_dict],
            }
    return app_dict


@lru_cache(maxsize=512)
def _names(model, language: str | None) -> tuple[str, str]:
    """The model's plural name and its app's, as the list shows them, in `language` (the
    active one): texts the same for everyone, which never change while the process runs."""
    app_config = installed.get_app_config(model._meta.app_label)
    return str(capfirst(model._meta.verbose_name_plural)), str(app_config.verbose_name)


def _app_url(place: tuple, app_label: str) -> str:
    """An app's page, which Django's list fails without (NoReverseMatch), as it does."""
    url = _reversed(*place, "admin:app_list", app_label)
    if url is None:
        urlconf, _, current_app = place
        kwargs = {"app_label": app_label}
        return reverse("admin:app_list", urlconf=urlconf, kwargs=kwargs, current_app=current_app)
    return url


@lru_cache(maxsize=512)
def _reversed(urlconf, prefix, current_app, name, app_label=None) -> str | None:
    """`reverse(name, kwargs={"app_label": app_label}, current_app=current_app)` from the URL
    configuration and script prefix given, which it depends on alone: None for
    NoReverseMatch, which `lru_cache` would not keep."""
    kwargs = {"app_label": app_label} if app_label is not None else None
    try:
        return reverse(name, urlconf=urlconf, kwargs=kwargs, current_app=current_app)
    except NoReverseMatch:
        return None
