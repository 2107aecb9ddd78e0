"""The meetings page of someone with no pair says why, for their part: an applicant's
application is considered, the office itself is not paired, other staff take no part
(tests/mentoring/test_no_pair_says_why_by_where_you_stand.py: every state)."""

import pytest
from django.urls import reverse

from tests.factories import MentorApplicationFactory

pytestmark = pytest.mark.django_db

URL = reverse("meetings")
WAIT_TO_BE_PAIRED = "the programme office matches you with"


def schedule(client, person) -> str:
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_an_applicant_not_yet_accepted_is_not_promised_a_pair(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)

    page = schedule(client, cast.outsider)

    assert "your application to 2026/27 pilot is still being considered" in page
    assert WAIT_TO_BE_PAIRED not in page


def test_a_coordinator_is_told_the_office_is_not_paired(client, cast):
    page = schedule(client, cast.coordinator)

    assert "You run the programme, so you are not in a pair yourself." in page
    assert reverse("admin:mentoring_match_changelist") in page
    assert WAIT_TO_BE_PAIRED not in page


def test_staff_taking_no_part_are_not_promised_a_pair(client, cast):
    page = schedule(client, cast.outsider)

    assert "You are not taking part in a programme" in page
    assert WAIT_TO_BE_PAIRED not in page
