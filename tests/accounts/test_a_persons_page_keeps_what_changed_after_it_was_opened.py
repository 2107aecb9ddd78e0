"""A person's admin page, opened a while ago, writes only what was changed on it: what
changed after it was opened (the account switched off, the person's own title, access
given) stays, though the page still shows the old values and sends them back."""

import pytest

from accounts.models import COORDINATORS_GROUP, User
from accounts.services import coordinator_grant
from mentoring.admin.people import PersonAdmin
from tests.admin_pages import change_url, form_data
from tests.cast import switch_off
from tests.concurrency import needs_postgresql, run_now

pytestmark = pytest.mark.django_db


def test_a_superusers_old_page_does_not_switch_an_account_back_on_or_undo_its_title(cast, client):
    """Sue opens Maya's page. Then Maya's account is switched off (she left) and her title
    had been corrected by her: Sue's save of Maya's department from the old page changes
    only the department."""
    client.force_login(cast.superuser)
    url = change_url(cast.mentor)
    page = form_data(client.get(url))  # shows the account on, and "Technician"

    switch_off(cast.mentor)
    User.objects.filter(pk=cast.mentor.pk).update(job_title="Senior Technician")
    response = client.post(url, {**page, "department": "Estates"})

    assert response.status_code == 302
    maya = User.objects.get(pk=cast.mentor.pk)
    assert maya.department == "Estates"
    assert maya.is_active is False
    assert maya.deactivated_at is not None
    assert maya.job_title == "Senior Technician"


def test_a_coordinators_old_page_does_not_undo_the_persons_own_name_and_title(cast, client):
    """Carmen opens Maya's page; Maya then changes her name and title. Carmen's correction
    of the department keeps Maya's own."""
    client.force_login(cast.coordinator)
    url = change_url(cast.mentor)
    page = form_data(client.get(url))

    User.objects.filter(pk=cast.mentor.pk).update(
        full_name="Maya Mentor-Jones", job_title="Senior Technician"
    )
    response = client.post(url, {**page, "department": "Estates"})

    assert response.status_code == 302
    maya = User.objects.get(pk=cast.mentor.pk)
    assert (maya.full_name, maya.job_title, maya.department) == (
        "Maya Mentor-Jones",
        "Senior Technician",
        "Estates",
    )


def test_a_superusers_old_page_does_not_take_back_access_given_since(cast, client):
    """Sue opens Olu's page (no access); Olu is then made a coordinator. Sue's save of his
    department from the old page leaves him a coordinator, with staff access."""
    client.force_login(cast.superuser)
    url = change_url(cast.outsider)
    page = form_data(client.get(url))

    coordinator_grant(user=cast.outsider)
    response = client.post(url, {**page, "department": "Library"})

    assert response.status_code == 302
    olu = User.objects.get(pk=cast.outsider.pk)
    assert olu.department == "Library"
    assert olu.is_staff is True
    assert olu.groups.filter(name=COORDINATORS_GROUP).exists()


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_access_given_as_the_old_page_is_being_saved_is_not_taken_back(cast, client, monkeypatch):
    """The same, with Olu made a coordinator (and committed) once Sue's save has read his
    row, before it writes: his groups, which the page did not change, are not written back."""
    client.force_login(cast.superuser)
    url = change_url(cast.outsider)
    page = form_data(client.get(url))
    save_form = PersonAdmin.save_form

    def meanwhile(self, request, form, change):
        run_now(lambda: coordinator_grant(user=User.objects.get(pk=cast.outsider.pk)))
        return save_form(self, request, form, change)

    monkeypatch.setattr(PersonAdmin, "save_form", meanwhile)
    client.post(url, {**page, "department": "Library"})

    olu = User.objects.get(pk=cast.outsider.pk)
    assert olu.department == "Library"
    assert olu.groups.filter(name=COORDINATORS_GROUP).exists()


def test_what_the_page_changed_is_still_written_over_what_changed_since(cast, client):
    """Sue opens Maya's page and corrects her title; Maya had changed it meanwhile. The
    last to save the title wins, as on any page: Sue's is written."""
    client.force_login(cast.superuser)
    url = change_url(cast.mentor)
    page = form_data(client.get(url))

    User.objects.filter(pk=cast.mentor.pk).update(job_title="Senior Technician")
    client.post(url, {**page, "job_title": "Lab Manager"})

    assert User.objects.get(pk=cast.mentor.pk).job_title == "Lab Manager"


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_page_sends_back_what_it_showed_beside_each_box(cast, client, role):
    """What the comparison above rests on: the page itself carries, hidden, each value it
    showed (the tests post it as `form_data` does), and none for the password it only shows."""
    client.force_login(cast.person(role))
    page = client.get(change_url(cast.mentor)).content.decode()

    assert '<input type="hidden" name="initial-job_title" value="Technician"' in page
    assert 'name="initial-password"' not in page
    if role == "superuser":
        assert '<input type="hidden" name="initial-is_active" value="True"' in page
