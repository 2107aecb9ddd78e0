"""A person's admin page writes only the fields it changed: what a superuser or the person
changed at that moment (the account switched off, the address they sign in with) stays."""

import pytest

from accounts.models import User
from mentoring.admin.people import PersonAdmin
from tests.admin_pages import change_url, form_data
from tests.concurrency import needs_postgresql, run_now

pytestmark = pytest.mark.django_db


def saved_while(monkeypatch, job) -> None:
    """`job` done, and committed, by someone else once the page's form is checked, before
    it is saved."""
    save_form = PersonAdmin.save_form

    def meanwhile(self, request, form, change):
        run_now(job)
        return save_form(self, request, form, change)

    monkeypatch.setattr(PersonAdmin, "save_form", meanwhile)


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_correcting_a_title_does_not_switch_back_on_an_account_switched_off_meanwhile(
    cast, client, monkeypatch
):
    """Carmen corrects Maya's job title as Sue switches Maya's account off (she left):
    Maya's account stays off, so she cannot sign in and is emailed nothing."""
    client.force_login(cast.coordinator)
    url = change_url(cast.mentor)
    data = form_data(client.get(url))

    def switch_off():
        maya = User.objects.get(pk=cast.mentor.pk)
        maya.is_active = False
        maya.save(update_fields=["is_active"])

    saved_while(monkeypatch, switch_off)
    client.post(url, {**data, "job_title": "Senior Technician"})

    maya = User.objects.get(pk=cast.mentor.pk)
    assert maya.job_title == "Senior Technician"
    assert maya.is_active is False
    assert maya.deactivated_at is not None


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_superusers_save_keeps_the_address_its_person_changed_meanwhile(
    cast, client, monkeypatch
):
    """Sue corrects Maya's department on a page that shows Maya's address, as Maya changes
    the address she signs in with: the new address stays hers."""
    client.force_login(cast.superuser)
    url = change_url(cast.mentor)
    data = form_data(client.get(url))

    def new_address():
        User.objects.filter(pk=cast.mentor.pk).update(email="maya.new@example.org")

    saved_while(monkeypatch, new_address)
    client.post(url, {**data, "department": "Estates"})

    maya = User.objects.get(pk=cast.mentor.pk)
    assert maya.department == "Estates"
    assert maya.email == "maya.new@example.org"


def test_a_superuser_switching_an_account_off_on_its_page_switches_it_off(cast, client):
    """What the page changed is written, with what follows from it (when it was switched
    off)."""
    client.force_login(cast.superuser)
    url = change_url(cast.mentor)
    data = {**form_data(client.get(url)), "job_title": "Senior Technician"}
    data.pop("is_active")  # the box unticked

    client.post(url, data)

    maya = User.objects.get(pk=cast.mentor.pk)
    assert (maya.is_active, maya.job_title) == (False, "Senior Technician")
    assert maya.deactivated_at is not None
