import time

import pytest
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils import timezone

from accounts.models import COORDINATORS_GROUP, Invitation, User
from accounts.services import coordinator_revoke
from tests.admin_pages import messages_shown
from tests.concurrency import needs_postgresql, started
from tests.factories import CoordinatorFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_login_page_hands_over_to_allauth(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response.url


def test_anonymous_visitors_to_the_admin_end_up_at_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_a_coordinator_without_mfa_is_sent_to_set_it_up(client):
    coordinator = CoordinatorFactory(mfa=False)
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_a_superuser_without_mfa_is_sent_to_set_it_up(client):
    root = User.objects.create_superuser(email="root@example.org", password="x", full_name="R")
    client.force_login(root)
    assert client.get(reverse("admin:index")).url == reverse("mfa_activate_totp")


def test_a_coordinator_with_mfa_reaches_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Programme office" in response.content.decode()


def test_a_staff_member_cannot_reach_the_admin(client, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_the_coordinators_group_holds_the_permissions_coordinators_need():
    codenames = set(
        Group.objects.get(name=COORDINATORS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"view_user", "change_user", "add_invitation", "view_invitation"} <= codenames
    assert "delete_user" not in codenames
    assert "add_user" not in codenames


def test_invitations_are_made_for_a_programme_from_the_board_members_page(client, coordinator):
    client.force_login(coordinator)

    # An invitation is for a programme, which accounts knows nothing of: no "Add" here.
    assert client.get(reverse("admin:accounts_invitation_add")).status_code == 403
    content = client.get(reverse("admin:accounts_invitation_changelist")).content.decode()
    assert f'href="{reverse("admin:mentoring_boardmember_add")}"' in content
    assert "invite a board member from <strong>Board members, Add</strong>" in content
    assert not Invitation.objects.exists()


def test_a_coordinator_withdraws_invitations_in_bulk_after_confirming(client, coordinator):
    invitations = InvitationFactory.create_batch(3)
    used = InvitationFactory(email="used@example.org", accepted_at=timezone.now())
    client.force_login(coordinator)
    chosen = {"action": "revoke", "_selected_action": [i.pk for i in [*invitations, used]]}

    page = client.post(reverse("admin:accounts_invitation_changelist"), chosen)

    text = page.content.decode()
    assert "Withdraw 3 invitations?" in text
    assert "stops working at once, if it has not expired already. Nobody is emailed" in text
    # What withdrawing leaves: the board place, which the address still takes once confirmed.
    assert (
        "Their place on the board stays, waiting for the address: whoever confirms it on an "
        "account later takes it. To take someone off a board, remove their place under Board "
        "members."
    ) in text
    assert "used@example.org: already accepted" in text
    assert not Invitation.objects.filter(revoked_at__isnull=False).exists()

    client.post(reverse("admin:accounts_invitation_changelist"), {**chosen, "confirmed": "yes"})

    assert Invitation.objects.filter(revoked_at__isnull=False).count() == 3


def test_withdrawing_an_expired_invitation_says_its_link_had_expired_already(client, coordinator):
    """Its link no longer works: the confirmation does not say withdrawing stops it, and the
    list calls withdrawn ones what the action calls them."""
    from datetime import timedelta

    expired = InvitationFactory(
        email="late@example.org",
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(coordinator)
    chosen = {"action": "revoke", "_selected_action": [expired.pk]}

    text = client.post(reverse("admin:accounts_invitation_changelist"), chosen).content.decode()
    assert "(its link has expired already)" in text

    client.post(reverse("admin:accounts_invitation_changelist"), {**chosen, "confirmed": "yes"})
    listed = client.get(reverse("admin:accounts_invitation_changelist")).content.decode()
    assert ">Withdrawn<" in listed
    assert "Revoked" not in listed


def test_the_invitation_list_filters_by_status(client, coordinator):
    InvitationFactory(email="open@example.com")
    from django.utils import timezone

    InvitationFactory(email="used@example.com", accepted_at=timezone.now())
    client.force_login(coordinator)

    response = client.get(reverse("admin:accounts_invitation_changelist") + "?status=accepted")

    content = response.content.decode()
    assert "used@example.com" in content
    assert "open@example.com" not in content


def test_a_coordinator_cannot_grant_admin_rights(client, coordinator):
    person = UserFactory()
    client.force_login(coordinator)

    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "email": person.email,
            "full_name": person.full_name,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00",
        },
    )
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "make_coordinator", "_selected_action": [person.pk]},
    )

    person.refresh_from_db()
    assert not person.is_staff
    assert not person.is_superuser
    assert not person.is_coordinator
    # The action is not offered to them (they have others, so the post is refused, not run).
    assert response.status_code in (200, 302)
    changelist = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert 'value="make_coordinator"' not in changelist


def test_a_superuser_makes_someone_a_coordinator(client):
    root = CoordinatorFactory(is_superuser=True)
    person = UserFactory()
    client.force_login(root)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "make_coordinator", "_selected_action": [person.pk]},
    )

    person.refresh_from_db()
    assert person.is_staff
    assert person.is_coordinator
    assert messages_shown(client.get(response.url)) == [
        "1 coordinator added. Before using the programme office, they must set up two-factor "
        "authentication."
    ]

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "remove_coordinator", "_selected_action": [person.pk]},
    )

    assert messages_shown(client.get(response.url)) == ["1 person is no longer a coordinator."]
    assert not User.objects.get(pk=person.pk).is_coordinator


def test_removing_from_the_coordinators_counts_only_those_who_were(client, coordinator):
    root = CoordinatorFactory(is_superuser=True)
    mentor, outsider = UserFactory(full_name="Maya Mentor"), UserFactory(full_name="Olive Out")
    client.force_login(root)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "remove_coordinator",
            "_selected_action": [coordinator.pk, mentor.pk, outsider.pk],
        },
    )

    assert messages_shown(client.get(response.url)) == [
        "1 person is no longer a coordinator.",
        "Left as they were: Maya Mentor and Olive Out, who were not coordinators.",
    ]
    assert not User.objects.get(pk=coordinator.pk).is_coordinator


def test_a_coordinator_cannot_set_someone_elses_password(client, coordinator):
    person = UserFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": "taken-over-account-1", "password2": "taken-over-account-1"},
    )

    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.check_password("taken-over-account-1")


def test_a_coordinator_cannot_change_the_email_or_switch_off_an_account(client, coordinator):
    person = UserFactory(email="amara@example.org")
    client.force_login(coordinator)

    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {"email": "cora+amara@example.org", "full_name": "Amara O.", "department": "Estates"},
    )

    person.refresh_from_db()
    assert person.email == "amara@example.org"
    assert person.is_active
    assert person.full_name == "Amara O."  # details they may correct


def test_a_coordinator_cannot_change_a_superusers_account(client, coordinator):
    root = User.objects.create_superuser(email="root@example.org", password="x", full_name="R")
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:accounts_user_change", args=[root.pk]),
        {"email": root.email, "full_name": "Someone else"},
    )

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.full_name == "R"


def test_someone_taking_part_in_the_programme_is_not_made_a_coordinator(client, cast):
    """The office reads what pair members raise about each other: a member of a pair (or an
    applicant, or a board member) is refused, saying why; the others selected are added."""
    client.force_login(cast.superuser)
    free = UserFactory(full_name="Fola Free")

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "make_coordinator", "_selected_action": [cast.mentor.pk, free.pk]},
    )

    assert not User.objects.get(pk=cast.mentor.pk).is_coordinator
    assert not User.objects.get(pk=cast.mentor.pk).is_staff
    assert User.objects.get(pk=free.pk).is_coordinator
    assert messages_shown(client.get(response.url)) == [
        "Not made a coordinator: Maya Mentor takes part in the programme (a pair under way "
        "with Bola Board in 2026/27 pilot; an application (accepted) in 2026/27 pilot), and "
        "the programme office reads what pair members "
        "and applicants tell it in confidence. End that part first.",
        "1 coordinator added. Before using the programme office, they must set up two-factor "
        "authentication.",
    ]


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_removing_a_coordinator_twice_at_once_counts_once():
    """The second removal, started while the first is under way, waits for it and finds
    them no longer a coordinator."""
    person = CoordinatorFactory()
    other = {}

    def removed_while_a_colleague_removes_them(action, **kwargs):
        if action == "post_remove" and not other:
            other["thread"], other["outcome"] = started(lambda: coordinator_revoke(user=person))
            time.sleep(1.0)  # long enough for the other to reach its lock

    groups_changed = {"sender": User.groups.through, "dispatch_uid": "removed-meanwhile"}
    m2m_changed.connect(removed_while_a_colleague_removes_them, weak=False, **groups_changed)
    try:
        first = coordinator_revoke(user=person)
    finally:
        m2m_changed.disconnect(**groups_changed)
    other["thread"].join(30)

    assert (first, other["outcome"]) == (True, {"result": False})
