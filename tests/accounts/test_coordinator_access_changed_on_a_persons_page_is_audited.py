"""The audit trail records who made someone a coordinator, or took them out, however it was
done: the actions "Make the selected people coordinators" and "Remove the selected people
from the coordinators" (tests/accounts/test_coordinator_access_and_emails_sent_again_are_
audited.py), and a superuser's ticking or unticking, on the person's page, the Coordinators
group or superuser status (a superuser counts as a coordinator: `User.is_coordinator`).

Found by review (tests/security/zz_review_tmp_diff_security.py): the page gave and took the
same access as the actions, with no row."""

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from accounts.models import COORDINATORS_GROUP, AuditAction, User
from mentoring.services.applications import application_submit
from tests.admin_pages import (
    PEOPLE,
    TRAIL,
    change_url,
    form_data,
    rows,
    signed_in_for_real,
    trail_of,
)
from tests.factories import DraftApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

superuser = signed_in_for_real("superuser")  # Sue: password, then authenticator code


def saved_on_their_page(client, person, **changes):
    """Sue opens the person's page, changes `changes` and saves it."""
    url = change_url(person)
    data = {name: value for name, value in form_data(client.get(url)).items() if value is not None}
    return client.post(url, {**data, **changes})


def coordinators() -> Group:
    return Group.objects.get(name=COORDINATORS_GROUP)


def test_adding_someone_to_the_coordinators_on_their_page_is_recorded(superuser, cast):
    response = saved_on_their_page(superuser, cast.outsider, groups=[coordinators().pk])

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=cast.outsider.pk).is_coordinator
    [event] = trail_of(cast.outsider)
    assert event.action == AuditAction.COORDINATOR_MADE
    assert event.actor == cast.superuser
    [row] = rows(superuser.get(TRAIL))
    assert row["actor_label"] == "Sue Super <sue@example.org>"
    assert row["action"] == "Made a coordinator"
    assert row["changed_object"] == f"User #{cast.outsider.pk}: Olu Outsider"


def test_taking_someone_out_of_the_coordinators_on_their_page_is_recorded(superuser, cast):
    response = saved_on_their_page(superuser, cast.coordinator, groups=[])

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=cast.coordinator.pk).is_coordinator
    [event] = trail_of(cast.coordinator)
    assert event.action == AuditAction.COORDINATOR_REMOVED
    assert event.actor == cast.superuser


def test_superuser_status_given_on_someones_page_is_recorded_as_making_them_a_coordinator(
    superuser, cast
):
    response = saved_on_their_page(superuser, cast.outsider, is_superuser="on", is_staff="on")

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=cast.outsider.pk).is_coordinator
    [event] = trail_of(cast.outsider)
    assert event.action == AuditAction.COORDINATOR_MADE
    assert event.changes == {
        "is_staff": {"old": False, "new": True},
        "is_superuser": {"old": False, "new": True},
    }


def test_superuser_status_taken_away_from_someone_outside_the_group_is_recorded(superuser, cast):
    """A superuser not in the Coordinators group is a coordinator only by that status."""
    root = UserFactory(full_name="Rae Root", is_staff=True, is_superuser=True)

    response = saved_on_their_page(superuser, root, is_superuser="")

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=root.pk).is_coordinator
    [event] = trail_of(root)
    assert event.action == AuditAction.COORDINATOR_REMOVED
    assert event.changes == {"is_superuser": {"old": True, "new": False}}


def test_a_page_saved_without_changing_who_is_a_coordinator_adds_no_row(superuser, cast):
    """Made a coordinator by the action (one row), then their page saved with a new title,
    and with superuser status given (a coordinator already): nothing more is recorded."""
    superuser.post(PEOPLE, {"action": "make_coordinator", "_selected_action": [cast.outsider.pk]})

    saved_on_their_page(superuser, cast.outsider, job_title="Porter")
    saved_on_their_page(superuser, cast.outsider, is_superuser="on")

    olu = User.objects.get(pk=cast.outsider.pk)
    assert (olu.job_title, olu.is_superuser) == ("Porter", True)
    assert [event.action for event in trail_of(cast.outsider)] == [AuditAction.COORDINATOR_MADE]


def test_superuser_status_for_someone_in_a_pair_is_refused_on_their_page(superuser, cast):
    """The action refuses to make Maya, in an active pair, a coordinator; superuser status,
    which makes her one, is refused on her page too, saying why."""
    response = saved_on_their_page(superuser, cast.mentor, is_superuser="on", is_staff="on")

    assert response.status_code == 200
    assert "Maya Mentor takes part in the programme" in response.content.decode()
    maya = User.objects.get(pk=cast.mentor.pk)
    assert not maya.is_superuser
    assert not maya.is_coordinator
    assert trail_of(cast.mentor) == []


def test_superuser_status_given_as_they_send_an_application_is_refused(superuser, cast, rf):
    """Olu takes no part when the page is checked, and sends an application before it is
    saved: checked again as it saves, superuser status is refused as the Coordinators group
    is (and as the action refuses them)."""
    admin = site._registry[User]
    request = rf.post(change_url(cast.outsider))
    request.user = cast.superuser
    read = User.objects.get(pk=cast.outsider.pk)  # the page's person, as the save read it
    data = form_data(superuser.get(change_url(cast.outsider)))
    data = {name: value for name, value in data.items() if value is not None}
    form = admin.get_form(request, read, change=True)(
        {**data, "is_superuser": "on", "is_staff": "on"}, instance=read
    )
    assert form.is_valid(), form.errors
    application_submit(application=DraftApplicationFactory(applicant=cast.outsider))  # meanwhile

    admin.save_model(request, form.save(commit=False), form, change=True)
    with pytest.raises(PermissionDenied, match="Olu Outsider takes part in the programme"):
        admin.save_related(request, form, [], change=True)
