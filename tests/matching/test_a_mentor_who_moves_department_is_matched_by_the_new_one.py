"""A mentor who changes department is matched by the new one, wherever the change is made
(their profile, the office's people list, the application they send): the board never offers
them to a board member of the department they moved into."""

import pytest
from django.urls import reverse

from mentoring.forms.profile import DEPARTMENT_NEEDED
from mentoring.models import MentorApplication
from mentoring.services.applications import application_submit
from tests.admin_pages import change_url, save_change_form
from tests.factories import DraftApplicationFactory, ProgrammeFactory, UserFactory
from tests.matching.board import (
    blocked_reasons,
    board_url,
    candidate_names,
)

pytestmark = pytest.mark.django_db
DETAILS = reverse("profile_details")


def test_a_mentor_who_moved_into_the_board_members_department_is_not_offered_to_them(
    client, programme, priya, grace, coordinator
):
    """Priya applied from Finance; she later moves to the Provost's Office (Grace's) and
    says so on /profile/ (whose help says her partner sees that department). The board
    still compares the application's "Finance" and offers her to Grace, who would then see
    a mentor from her own department: the same-department rule is dodged by stale data."""
    client.force_login(priya.applicant)
    response = client.post(
        DETAILS,
        {
            "full_name": "Priya Patel",
            "job_title": "Research technician",
            "department": grace.department,
        },
    )
    assert response.status_code in (200, 302)
    priya.applicant.refresh_from_db()
    assert priya.applicant.department == grace.department

    client.force_login(coordinator)
    board = client.get(board_url(programme))

    assert "Priya Patel" not in candidate_names(board, grace)
    assert "they work in the same department" in blocked_reasons(board, grace).get(
        "Priya Patel", ""
    )


def test_a_department_the_office_corrects_is_the_one_the_board_reads(
    client, programme, priya, grace, coordinator
):
    """The office corrects Priya's department on her page in the people list (she moved to
    Grace's): her application in the running follows, so the board no longer offers her to
    Grace."""
    client.force_login(coordinator)
    saved = save_change_form(client, change_url(priya.applicant), department=grace.department)
    assert saved.status_code == 302

    priya.refresh_from_db()
    assert priya.department == grace.department
    assert "Priya Patel" not in candidate_names(client.get(board_url(programme)), grace)


def test_the_department_sent_with_an_application_becomes_the_accounts(programme):
    """An applicant whose account says Finance writes Estates on their application: once
    sent, Estates is their department, the one their partner will be shown as well as the
    one the board compares."""
    applicant = UserFactory(department="Finance")
    draft = DraftApplicationFactory(programme=programme, applicant=applicant, department="Estates")

    application_submit(application=draft)

    applicant.refresh_from_db()
    assert applicant.department == "Estates"


def test_an_applicants_department_cannot_be_emptied_and_says_why(client, priya, coordinator):
    """A sent application keeps a department, which the board reads: neither the office (in
    the people list) nor the mentor (on /profile/) can empty it, and each is told why
    beside the field rather than shown a server error."""
    client.force_login(coordinator)
    refused = save_change_form(client, change_url(priya.applicant), department="")
    assert refused.status_code == 200
    assert DEPARTMENT_NEEDED in refused.content.decode()

    client.force_login(priya.applicant)
    refused = client.post(
        DETAILS, {"full_name": "Priya Patel", "job_title": "Technician", "department": " "}
    )
    assert refused.status_code == 200
    assert DEPARTMENT_NEEDED in refused.content.decode()
    priya.refresh_from_db()
    assert priya.department
    assert priya.applicant.department


def test_a_draft_follows_the_department_changed_on_the_profile(client, cast):
    """Maya (accepted in the pilot, Finance) has a draft for the next cohort, Finance too. She
    moves to Estates on /profile/: her draft follows as her pilot application does, so
    sending it as it stands does not put her (and the pilot's board) back in Finance."""
    newer = ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")
    MentorApplication.objects.filter(applicant=cast.mentor).update(department="Finance")
    type(cast.mentor).objects.filter(pk=cast.mentor.pk).update(department="Finance")
    draft = DraftApplicationFactory(programme=newer, applicant=cast.mentor, department="Finance")
    client.force_login(cast.mentor)

    client.post(
        DETAILS, {"full_name": "Maya Mentor", "job_title": "Technician", "department": "Estates"}
    )
    draft.refresh_from_db()
    assert draft.department == "Estates"
    application_submit(application=draft)

    cast.mentor.refresh_from_db()
    assert cast.mentor.department == "Estates"
    assert MentorApplication.objects.get(pk=cast.pair.mentor.pk).department == "Estates"
