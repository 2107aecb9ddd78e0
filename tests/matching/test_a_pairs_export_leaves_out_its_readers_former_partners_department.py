"""The pairs export, from the list of pairs or a programme's match board, lists a pair its
reader was in as the list shows it to them (its people, status and dates): a coordinator who
was once in a pair (last year's mentor may join the office) is not given their former
partner's department, an answer of the partner's application or profile, but the board's
words in its place. Their own department and every other pair's stay as they are."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.models import BoardMember, EndReason, MentorApplication
from tests.admin_pages import joins_the_office, pair_ended_and_programme_closed
from tests.matching.board import board_url

pytestmark = pytest.mark.django_db

PAIRS = reverse("admin:mentoring_match_changelist")
NOT_SHOWN = "Not shown: you were paired with them."


@pytest.fixture
def departments(cast):
    """Maya in Chemistry, Bola in the Provost's Office, Omar in the Library, Olive in
    Estates; Maya and Bola's pair ended and the pilot closed."""
    for person, department in [(cast.mentor, "Chemistry"), (cast.other_mentor, "Library")]:
        MentorApplication.objects.filter(applicant=person).update(department=department)
    for person, department in [
        (cast.board_member, "Provost's Office"),
        (cast.other_board_member, "Estates"),
    ]:
        BoardMember.objects.filter(user=person).update(department=department)
    pair_ended_and_programme_closed(cast, EndReason.COMPLETED)


def exported(response) -> dict[str, dict[str, str]]:
    """Each pair's row, by its mentor's name, column by column."""
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row[1]: dict(zip(header, row, strict=True)) for row in rows}


def departments_in(rows, mentor) -> tuple[str, str]:
    return rows[mentor]["Mentor department"], rows[mentor]["Board member department"]


@pytest.mark.parametrize("export", ["list", "board"])
def test_a_former_mentor_is_not_given_her_board_members_department(
    client, cast, departments, export
):
    joins_the_office(client, cast.mentor)

    rows = exported(
        client.post(
            PAIRS, {"action": "export_csv", "_selected_action": [cast.pair.pk, cast.other_pair.pk]}
        )
        if export == "list"
        else client.get(board_url(cast.programme, "export"))
    )

    assert departments_in(rows, "Maya Mentor") == ("Chemistry", NOT_SHOWN)
    assert rows["Maya Mentor"]["Board member"] == "Bola Board"  # the pair is listed
    assert departments_in(rows, "Omar Other") == ("Library", "Estates")


def test_a_former_board_member_is_not_given_his_mentors_department(client, cast, departments):
    joins_the_office(client, cast.board_member)

    rows = exported(client.get(board_url(cast.programme, "export")))

    assert departments_in(rows, "Maya Mentor") == (NOT_SHOWN, "Provost's Office")
    assert departments_in(rows, "Omar Other") == ("Library", "Estates")


def test_the_rest_of_the_office_is_given_every_department(cast, departments):
    office = Client()
    office.force_login(cast.coordinator)  # never in their pair

    rows = exported(office.get(board_url(cast.programme, "export")))

    assert departments_in(rows, "Maya Mentor") == ("Chemistry", "Provost's Office")
