"""Recording a conflict of interest: the mentor box offers only applicants and mentors, the
board member box only board members, each by name and address, never a deleted or inactive
account or a coordinator; anything else sent is refused in words."""

import re

import pytest
from django.urls import reverse

from accounts.services import account_delete
from matching.models import ConflictOfInterest
from tests.factories import MentorApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:matching_conflictofinterest_add")


def offered(page: str, field: str) -> list[str]:
    [box] = re.findall(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S)
    return [label for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)<', box)]


def test_each_box_offers_only_the_people_who_can_be_on_that_side(office, cast):
    ada = UserFactory(full_name="Ada Applicant", email="ada@example.org")
    MentorApplicationFactory(programme=cast.programme, applicant=ada, status="submitted")
    gone = MentorApplicationFactory(programme=cast.programme, status="accepted").applicant
    account_delete(user=gone, by=cast.coordinator)

    page = office.get(ADD).content.decode()

    assert offered(page, "mentor") == [
        "Ada Applicant (ada@example.org)",
        "Maya Mentor (maya@example.org)",
        "Omar Other (omar@example.org)",
    ]
    assert offered(page, "board_member") == [
        "Bola Board (bola@example.org)",
        "Olive Other (olive@example.org)",
    ]
    assert "Deleted account" not in page


@pytest.mark.parametrize("forged", ["board_member", "coordinator", "outsider", "abc", "²", ""])
def test_anyone_else_sent_as_the_mentor_is_refused_in_words(office, cast, forged):
    person = getattr(cast, forged, None)
    value = str(person.pk) if person else forged

    response = office.post(
        ADD, {"mentor": value, "board_member": cast.board_member.pk, "note": "Line manager"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    expected = "Choose the mentor." if forged == "" else "Choose a mentor or an applicant"
    assert expected in page
    assert "This field is required." not in page
    assert not ConflictOfInterest.objects.exists()


def test_a_mentor_sent_as_the_board_member_is_refused_in_words(office, cast):
    response = office.post(
        ADD, {"mentor": cast.mentor.pk, "board_member": cast.other_mentor.pk, "note": "Sisters"}
    )

    assert response.status_code == 200
    assert "Choose a board member from the list." in response.content.decode()
    assert not ConflictOfInterest.objects.exists()


def test_a_conflict_between_a_mentor_and_a_board_member_is_recorded(office, cast, coordinator):
    response = office.post(
        ADD, {"mentor": cast.mentor.pk, "board_member": cast.other_board_member.pk, "note": "Kin"}
    )

    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.mentor, conflict.board_member, conflict.recorded_by) == (
        cast.mentor,
        cast.other_board_member,
        coordinator,
    )
