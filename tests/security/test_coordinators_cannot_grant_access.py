"""Coordinators run the programme; who may do what is a superuser's. A coordinator cannot
change a group, a permission, anyone's admin access, an authenticator or an email address
that signs someone in: each such form is refused and nothing changes. They sign in for
real here (password, then the authenticator code)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import COORDINATORS_GROUP, User
from tests.admin_pages import sign_in_for_real, signed_in_for_real

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_the_coordinators_group_holds_no_permission_over_access_or_sign_in(cast):
    held = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=COORDINATORS_GROUP).permissions.all()
    }

    over_access = {
        label
        for label in held
        if label.split(".")[0] in ("auth", "mfa", "account")
        or label in ("accounts.add_user", "accounts.delete_user")
    }
    assert over_access == set()


def test_a_coordinator_cannot_change_the_coordinators_group(office, cast):
    group = Group.objects.get(name=COORDINATORS_GROUP)
    before = set(group.permissions.all())
    url = reverse("admin:auth_group_change", args=[group.pk])

    assert office.get(url).status_code == 403
    response = office.post(
        url,
        {"name": "Coordinators", "permissions": [p.pk for p in Permission.objects.all()]},
    )

    assert response.status_code == 403
    assert set(group.permissions.all()) == before
    assert office.get(reverse("admin:auth_group_add")).status_code == 403
    assert office.post(reverse("admin:auth_group_add"), {"name": "Root"}).status_code == 403
    assert not Group.objects.filter(name="Root").exists()


def test_a_coordinator_cannot_give_themselves_permissions_or_superuser(office, cast):
    me = cast.coordinator
    response = office.post(
        reverse("admin:accounts_user_change", args=[me.pk]),
        {
            "email": me.email,
            "full_name": me.full_name,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [g.pk for g in Group.objects.all()],
            "user_permissions": [permission("auth.change_group").pk],
        },
    )

    assert response.status_code == 403
    me = User.objects.get(pk=me.pk)
    assert not me.is_superuser
    assert not me.user_permissions.exists()
    assert not me.has_perm("auth.change_group")


def test_a_coordinator_corrects_a_mentors_details_but_not_their_access(office, cast):
    mentor = cast.mentor
    response = office.post(
        reverse("admin:accounts_user_change", args=[mentor.pk]),
        {
            "email": "someone.else@example.org",
            "full_name": "Maya Mentor-Jones",
            "job_title": "Senior technician",
            "department": mentor.department,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=COORDINATORS_GROUP).pk],
            "user_permissions": [permission("mentoring.view_programme").pk],
        },
    )

    assert response.status_code == 302
    mentor = User.objects.get(pk=mentor.pk)
    assert mentor.full_name == "Maya Mentor-Jones"  # what a coordinator may correct
    assert (mentor.email, mentor.is_staff, mentor.is_superuser) == (
        "maya@example.org",
        False,
        False,
    )
    assert not mentor.groups.exists()
    assert not mentor.user_permissions.exists()


def test_a_coordinator_cannot_make_anyone_a_coordinator(office, cast):
    response = office.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "make_coordinator", "_selected_action": [cast.mentor.pk]},
    )

    # Back to the list: no such action for them, and none offered.
    assert response.status_code in (200, 302)
    assert not User.objects.get(pk=cast.mentor.pk).is_coordinator
    changelist = office.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert 'value="make_coordinator"' not in changelist


def test_a_coordinator_cannot_remove_or_change_an_authenticator(office, cast):
    theirs = Authenticator.objects.get(user=cast.superuser, type=Authenticator.Type.TOTP)
    own = Authenticator.objects.get(user=cast.coordinator, type=Authenticator.Type.TOTP)

    for authenticator in (theirs, own):
        delete = reverse("admin:mfa_authenticator_delete", args=[authenticator.pk])
        change = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
        assert office.post(delete, {"post": "yes"}).status_code == 403
        assert office.post(change, {"user": cast.coordinator.pk, "type": "totp"}).status_code == 403
    assert office.get(reverse("admin:mfa_authenticator_changelist")).status_code == 403
    assert Authenticator.objects.get(pk=theirs.pk).user == cast.superuser
    assert Authenticator.objects.filter(pk=own.pk).exists()


def test_a_coordinator_cannot_add_an_address_to_someone_elses_account(office, cast):
    response = office.post(
        reverse("admin:account_emailaddress_add"),
        {"user": cast.mentor.pk, "email": "carmen.too@example.org", "verified": "on"},
    )

    assert response.status_code == 403
    assert not EmailAddress.objects.filter(email="carmen.too@example.org").exists()


def test_the_superuser_still_manages_groups_and_authenticators(client, cast):
    sign_in_for_real(client, cast, "superuser")
    group = Group.objects.get(name=COORDINATORS_GROUP)

    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 200
    authenticator = Authenticator.objects.get(user=cast.coordinator, type="totp")
    url = reverse("admin:mfa_authenticator_delete", args=[authenticator.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_even_a_group_given_those_permissions_by_mistake_cannot_use_them(office, cast):
    group = Group.objects.get(name=COORDINATORS_GROUP)
    group.permissions.add(
        *(
            permission(label)
            for label in [
                "auth.view_group",
                "auth.change_group",
                "mfa.view_authenticator",
                "mfa.delete_authenticator",
                "account.add_emailaddress",
            ]
        )
    )
    held = group.permissions.count()
    own = Authenticator.objects.get(user=cast.coordinator, type=Authenticator.Type.TOTP)

    changed = office.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Coordinators", "permissions": [p.pk for p in Permission.objects.all()]},
    )
    deleted = office.post(reverse("admin:mfa_authenticator_delete", args=[own.pk]), {"post": "yes"})
    added = office.post(
        reverse("admin:account_emailaddress_add"),
        {"user": cast.mentor.pk, "email": "carmen.too@example.org", "verified": "on"},
    )

    assert (changed.status_code, deleted.status_code, added.status_code) == (403, 403, 403)
    assert group.permissions.count() == held
    assert Authenticator.objects.filter(pk=own.pk).exists()
    assert not EmailAddress.objects.filter(email="carmen.too@example.org").exists()
