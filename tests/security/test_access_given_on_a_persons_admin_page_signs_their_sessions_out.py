"""Staff or superuser status, or the Coordinators group, given on the person's own admin page
signs their sessions out, as making them a coordinator does: a session opened before (a
shared computer, or before their authenticator) opens nothing more than it did."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from tests.admin_pages import save_change_form, signed_in_for_real
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


# A superuser, signed in through the real TOTP step.
office = signed_in_for_real("superuser")


@pytest.mark.parametrize("access", ["is_staff", "is_superuser"])
def test_admin_access_given_on_the_persons_page_signs_their_sessions_out(office, cast, access):
    """A session opened before the person had an authenticator never passed the second
    step; the README says a session gains no access it did not sign in for ("being made a
    coordinator signs the person's sessions out, so a key copied before opens nothing more
    than it did"). Ticking staff or superuser status on the person's page in the admin
    gives access as the "make coordinator" action does, but their sessions go on."""
    person = cast.outsider
    shared_computer = Client()
    shared_computer.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert shared_computer.get(reverse("dashboard")).status_code == 200
    # Later, elsewhere, they set up an authenticator (allowed to anyone).
    TOTP.activate(person, generate_totp_secret())

    url = reverse("admin:accounts_user_change", args=[person.pk])
    saved = save_change_form(office, url, **{access: True})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    person.refresh_from_db()
    assert getattr(person, access)

    assert shared_computer.get(reverse("admin:index")).status_code == 302, (
        "a session that never passed the second step opens the admin"
    )
    response = shared_computer.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_coordinators_group_given_on_the_persons_page_signs_their_sessions_out(office, cast):
    from django.contrib.auth.models import Group

    from accounts.models import COORDINATORS_GROUP

    person = cast.outsider
    type(person).objects.filter(pk=person.pk).update(is_staff=True)
    shared_computer = Client()
    shared_computer.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    TOTP.activate(person, generate_totp_secret())

    url = reverse("admin:accounts_user_change", args=[person.pk])
    group = Group.objects.get(name=COORDINATORS_GROUP)
    saved = save_change_form(office, url, groups=[group.pk])
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert person.groups.filter(pk=group.pk).exists()

    response = shared_computer.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
