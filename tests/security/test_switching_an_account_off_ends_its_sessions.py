"""Switching an account off ends its sessions, as giving access does: Django only treats a
switched-off person as signed out, so switching the account on again would open the session
opened before (a lost laptop, a shared computer) again, with no password or authenticator
code."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.admin_pages import change_url, save_change_form, sign_in_for_real, signed_in_for_real
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

# A superuser, signed in through the real TOTP step.
office = signed_in_for_real("superuser")


def switched_off_and_on(office, person) -> None:
    url = change_url(person)
    assert save_change_form(office, url, is_active=False).status_code == 302
    assert not User.objects.get(pk=person.pk).is_active
    assert save_change_form(office, url, is_active=True).status_code == 302
    assert User.objects.get(pk=person.pk).is_active


def test_a_mentors_session_from_before_opens_nothing_once_switched_on_again(office, cast):
    laptop = Client()
    sign_in_as(laptop, cast, "mentor")
    assert laptop.get(reverse("match")).status_code == 200

    switched_off_and_on(office, cast.mentor)

    page = laptop.get(reverse("match"))
    assert page.status_code == 302, "the session opened before switching off opens the pair"
    assert page.url.startswith(reverse("account_login"))


def test_a_coordinators_session_from_before_does_not_get_the_office_back(office, cast):
    desk = Client()
    sign_in_for_real(desk, cast, "coordinator")  # with the authenticator code
    assert desk.get(reverse("admin:index")).status_code == 200

    switched_off_and_on(office, cast.coordinator)

    applications = reverse("admin:mentoring_mentorapplication_changelist")
    assert desk.get(applications).status_code == 302, "the old session reads every application"
    assert desk.get(reverse("dashboard")).status_code == 302


def test_switching_an_account_off_anywhere_ends_its_sessions_and_no_one_elses(office, cast):
    mentor, partner = Client(), Client()
    sign_in_as(mentor, cast, "mentor")
    sign_in_as(partner, cast, "board_member")

    # As anything that switches an account off and on does (the admin, the shell).
    person = User.objects.get(pk=cast.mentor.pk)
    person.is_active = False
    person.save(update_fields=["is_active"])
    person.is_active = True
    person.save()

    assert mentor.get(reverse("dashboard")).status_code == 302
    assert partner.get(reverse("match")).status_code == 200
    assert office.get(reverse("admin:index")).status_code == 200
