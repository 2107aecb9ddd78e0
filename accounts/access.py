"""Who may reach what only the programme office may: the one rule, read by the middleware
that guards every page and by the access helpers of the apps (draft programmes, every
event and its calendar file, the admin and everything under it)."""

from collections import defaultdict

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.db.models import CharField, QuerySet, Value

from accounts.models import coordinators_group
from accounts.statements import Statement

# What each row of `_STAFF_FACTS` says, by its first column.
OWN_PERMISSION, GROUP_PERMISSION, COORDINATOR, AUTHENTICATOR = "user", "group", "coord", "totp"


def is_staff_account(user) -> bool:
    """An account with admin access: coordinators (granting the role sets it) and
    superusers. Read from the user row alone, so a mentor's page costs no query here; a
    Coordinators group member without admin access reaches nothing staff-only either."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def has_verified_authenticator(user) -> bool:
    """A TOTP authenticator is stored only once its first code was checked (allauth's
    activation), so one on record is a verified one (allauth's `is_mfa_enabled(user,
    [TOTP])`). Read with the person's other staff facts (`staff_facts_read`), once per
    request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_verified_authenticator"):
        staff_facts_read(user)
    return user._has_verified_authenticator


def staff_access_allowed(user) -> bool:
    """Staff-only pages and data are for a staff account with a verified authenticator.

    A staff account without one reaches only the authenticator set-up (the middleware sends
    it there); what each staff page shows then depends on the account's role or permission.
    """
    return is_staff_account(user) and user.is_active and has_verified_authenticator(user)


def needs_authenticator(user) -> bool:
    """A staff account that must set up its authenticator before anything else."""
    return is_staff_account(user) and not staff_access_allowed(user)


def staff_facts_read(user) -> None:
    """What a staff page asks about its person, in one query whose SQL is worked out once
    per process (accounts.statements): whether they have a verified authenticator (the staff
    rule, on every page), whether they are a coordinator (`User.is_coordinator`), and their
    permissions (the admin's checks). Apart, the ORM built four queries on every request,
    some 4,000 Python calls on an admin page.

    Kept on the user object as each is kept when read alone: `_is_coordinator`, and the
    permissions as Django's ModelBackend keeps them (`_user_perm_cache`, `_group_perm_cache`,
    `_perm_cache`), for an active account that is not a superuser (a superuser's are all
    there are, which Django works out itself). The object is the request's own (the
    authentication middleware reads the user again on every request), so a change made
    anywhere shows on the person's next request."""
    found = defaultdict(set)
    for kind, app_label, codename in _STAFF_FACTS.fetch(person=user.pk):
        found[kind].add(f"{app_label}.{codename}")
    user._has_verified_authenticator = AUTHENTICATOR in found
    user._is_coordinator = COORDINATOR in found
    if user.is_active and not user.is_superuser:
        user._user_perm_cache = found[OWN_PERMISSION]
        user._group_perm_cache = found[GROUP_PERMISSION]
        user._perm_cache = found[OWN_PERMISSION] | found[GROUP_PERMISSION]


def _staff_facts_of(person: int) -> QuerySet:
    """Rows of (what the row says, app label, codename): the person's own permissions and
    their groups' (ModelBackend's `_get_user_permissions` and `_get_group_permissions`), a
    row if they are in the Coordinators group, and one if they have a TOTP authenticator
    (neither has more than one: a group's name is unique, and so is a person's TOTP)."""
    own = Permission.objects.filter(user=person)
    through_groups = Permission.objects.filter(group__user=person)
    totp = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP)
    return _said(OWN_PERMISSION, own).union(
        _said(GROUP_PERMISSION, through_groups),
        _said(COORDINATOR, coordinators_group(person)),
        _said(AUTHENTICATOR, totp),
        all=True,
    )


def _said(kind: str, queryset: QuerySet) -> QuerySet:
    """`queryset` as rows of `_staff_facts_of`: permissions with their app label and
    codename, anything else with blanks."""
    text = CharField()
    if queryset.model is Permission:
        columns = ("content_type__app_label", "codename")
    else:
        columns = ("app_label", "codename")
        queryset = queryset.annotate(**{column: Value("", text) for column in columns})
    return queryset.annotate(kind=Value(kind, text)).values_list("kind", *columns).order_by()


_STAFF_FACTS = Statement(_staff_facts_of)
