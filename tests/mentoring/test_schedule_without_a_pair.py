"""The meetings page of someone with no pair says why, for their part: a participant waits
for the programme office, the office itself is not paired, other staff take no part."""

import pytest
from django.urls import reverse

from tests.factories import MentorApplicationFactory

pytestmark = pytest.mark.django_db

URL = reverse("meetings")
WAIT_TO_BE_PAIRED = "Once the programme office pairs you, your meetings appear here."


def schedule(client, person) -> str:
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_an_applicant_not_yet_paired_waits_for_the_office(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)

    assert WAIT_TO_BE_PAIRED in schedule(client, cast.outsider)


def test_a_coordinator_is_told_the_office_is_not_paired(client, cast):
    page = schedule(client, cast.coordinator)

    assert "You run the programme, so you are not in a pair yourself." in page
    assert reverse("admin:mentoring_match_changelist") in page
    assert WAIT_TO_BE_PAIRED not in page


def test_staff_taking_no_part_are_not_promised_a_pair(client, cast):
    page = schedule(client, cast.outsider)

    assert "You are not taking part in a programme" in page
    assert WAIT_TO_BE_PAIRED not in page
