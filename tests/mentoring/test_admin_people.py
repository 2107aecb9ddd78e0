"""The people list in the programme office says each person's roles, and filters by role and
by programme, in one query whatever the number of people."""

import pytest
from django.urls import reverse

from tests.factories import MentorApplicationFactory, ProgrammeFactory, UserFactory
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:accounts_user_changelist")


@pytest.fixture
def applicant(cast):
    """Ada, who has applied to the pilot and is waiting for a decision."""
    return MentorApplicationFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Ada Applicant"),
        status="submitted",
    ).applicant


@pytest.fixture
def medics_mentor():
    """Mo, a mentor in another programme only."""
    medics = ProgrammeFactory(name="Medical School cohort", slug="medics")
    return MentorApplicationFactory(
        programme=medics, applicant=UserFactory(full_name="Mo Medic"), status="accepted"
    ).applicant


def listed(office, query: str) -> set[str]:
    response = office.get(f"{PEOPLE}?{query}")
    assert response.status_code == 200
    return {person.full_name for person in response.context["cl"].result_list}


def test_the_list_filters_people_by_role(office, cast, applicant, medics_mentor):
    assert listed(office, "role=mentor") == {"Maya Mentor", "Omar Other", "Mo Medic"}
    assert listed(office, "role=applicant") == {"Ada Applicant"}
    assert listed(office, "role=board_member") == {"Bola Board", "Olive Other"}
    assert listed(office, "role=coordinator") == {"Carmen Coordinator", "Sue Super"}
    assert "Olu Outsider" in listed(office, "role=whatever")


def test_the_list_filters_people_by_programme_and_role_in_it(
    office, cast, applicant, medics_mentor
):
    pilot = cast.programme.pk

    assert listed(office, f"programme={pilot}") == {
        "Maya Mentor",
        "Omar Other",
        "Bola Board",
        "Olive Other",
        "Ada Applicant",
    }
    assert listed(office, f"programme={pilot}&role=mentor") == {"Maya Mentor", "Omar Other"}
    assert listed(office, f"programme={medics_mentor.mentor_applications.get().programme_id}") == {
        "Mo Medic"
    }
    page = office.get(PEOPLE).content.decode()
    assert "By role" in page
    assert "By programme" in page
    assert "Medical School cohort" in page


def test_the_list_says_each_persons_roles(office, cast, applicant):
    response = office.get(PEOPLE)

    changelist = response.context["cl"]
    roles = {p.full_name: changelist.model_admin.roles(p) for p in changelist.result_list}
    assert roles["Maya Mentor"] == "Mentor"
    assert roles["Bola Board"] == "Board member"
    assert roles["Ada Applicant"] == "Applicant"
    assert roles["Sue Super"] == "Coordinator"
    assert roles["Olu Outsider"] == ""
    assert '<td class="field-roles">Mentor</td>' in response.content.decode()


def test_the_list_costs_the_same_queries_whatever_the_number_of_people(office, cast):
    before = queries_for(office, PEOPLE)
    for _ in range(5):
        MentorApplicationFactory(programme=cast.programme, status="accepted")

    assert queries_for(office, PEOPLE) == before
