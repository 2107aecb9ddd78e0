"""The personal data download says what the pages say: who logged each meeting of the
person's pair and when ("you" or the partner, by name, as the meeting's page does; nobody
else), when they took each event place, and when they joined as a board member."""

import json
from datetime import timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from tests.factories import HeldMeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def in_the_file(moment) -> str:
    """A date and time as the download writes it."""
    return DjangoJSONEncoder().default(moment)


def download(client, person) -> dict:
    client.force_login(person)
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def logged_by_bola(cast):
    """A meeting of Maya and Bola's that Bola logged, and Maya corrected afterwards."""
    logged = timezone.now() - timedelta(days=6)
    return HeldMeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() - timedelta(days=7),
        logged_by=cast.board_member,
        logged_at=logged,
        last_changed_by=cast.mentor,
        last_changed_at=logged + timedelta(hours=2),
    )


def test_the_person_who_logged_a_meeting_reads_that_they_did(client, cast, logged_by_bola):
    (pair,) = download(client, cast.board_member)["pairs"]
    (meeting,) = pair["meetings"]
    assert meeting["logged_by"] == "you"
    assert meeting["logged"] == in_the_file(logged_by_bola.logged_at)
    assert meeting["log_last_changed_by"] == "Maya Mentor"


def test_their_partner_reads_who_logged_it_by_name_as_the_meeting_page_says(
    client, cast, logged_by_bola
):
    (pair,) = download(client, cast.mentor)["pairs"]
    (meeting,) = pair["meetings"]
    assert meeting["logged_by"] == "Bola Board"
    assert meeting["logged"] is not None
    assert meeting["log_last_changed_by"] == "you"
    assert meeting["log_last_changed"] is not None

    page = client.get(reverse("meeting_detail", args=[logged_by_bola.pk])).content.decode()
    assert "Logged by Bola Board" in page


def test_nobody_outside_the_pair_reads_who_logged_its_meetings(client, cast, logged_by_bola):
    data = download(client, cast.other_mentor)
    assert [meeting for pair in data["pairs"] for meeting in pair["meetings"]] == []
    assert "Bola Board" not in json.dumps(data)


def test_an_event_place_says_when_it_was_taken(client, cast):
    taken = timezone.now() - timedelta(days=3)
    RegistrationFactory(person=cast.outsider, created_at=taken, event__title="Mentor briefing")
    (place,) = download(client, cast.outsider)["events"]
    assert place["event"] == "Mentor briefing"
    assert place["place_taken"] == in_the_file(taken)


def test_a_board_member_profile_says_when_they_joined(client, cast):
    (profile,) = download(client, cast.board_member)["board_member_profiles"]
    joined = cast.pair.board_member.joined_at
    assert joined is not None
    assert profile["joined"] == in_the_file(joined)
