"""A person downloads their own data as JSON from their profile: their account, applications,
profile, pairs with meetings and the notes the pair may see, events, the emails and reminders
they were sent, invitations, and which surveys they answered (never the answers). Each person
gets only their own; another pair's notes never appear; the query count does not grow."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.mail import send_templated_mail
from evaluation.services import survey_answer
from mentoring.models import MeetingNote, PairRequestKind
from mentoring.services.pairs import pair_request_raise
from tests.cast import ROLES, sign_in_as
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    InvitationFactory,
    MatchFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

URL = "/profile/data.json"

OUR_SECRETS = {
    "mentor's note": "Axolotl-13 our mentor's note",
    "board member's note": "Blobfish-13 our board member's note",
    "purpose": "Capybara-13 our shared purpose",
    "action step": "Dugong-13 our action step",
}
THEIR_SECRETS = {
    "their note": "Narwhal-13 the other pair's note",
    "their purpose": "Okapi-13 the other pair's purpose",
    "their action step": "Pangolin-13 the other pair's action step",
}
SURVEY_ANSWER = "Quokka-13 what I wrote in the survey"


def add_pair_life(pair, notes: dict[str, str], *, purpose: str, action: str):
    meeting = HeldMeetingFactory(match=pair, starts_at=timezone.now() - timedelta(days=10))
    for author, text in notes.items():
        MeetingNote.objects.create(meeting=meeting, author=author, text=text)
    ActionStepFactory(meeting=meeting, text=action)
    pair.purpose = purpose
    pair.save(update_fields=["purpose"])
    return meeting


@pytest.fixture
def lives(cast):
    """Both pairs of the cast have met and written; the mentor answered a survey."""
    add_pair_life(
        cast.pair,
        {
            cast.mentor: OUR_SECRETS["mentor's note"],
            cast.board_member: OUR_SECRETS["board member's note"],
        },
        purpose=OUR_SECRETS["purpose"],
        action=OUR_SECRETS["action step"],
    )
    add_pair_life(
        cast.other_pair,
        {cast.other_mentor: THEIR_SECRETS["their note"]},
        purpose=THEIR_SECRETS["their purpose"],
        action=THEIR_SECRETS["their action step"],
    )
    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse")
    question = QuestionFactory(survey=survey, kind="text", required=False)
    survey_answer(survey=survey, person=cast.mentor, answers={question.pk: SURVEY_ANSWER})
    return cast


def download(client) -> tuple[dict, str]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    return json.loads(text), text


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["mentor", "board_member", "outsider"])
def test_the_profile_page_offers_the_download(client, cast, role):
    sign_in_as(client, cast, role)
    page = client.get(reverse("profile")).content.decode()
    assert f'href="{URL}"' in page
    assert "Download your data" in page


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"] + ["outsider"])
def test_each_person_gets_their_own_account_and_nobody_elses(client, lives, role):
    person = sign_in_as(client, lives, role)
    data, text = download(client)
    assert data["account"]["email"] == person.email
    assert data["account"]["full_name"] == person.full_name
    others = {lives.person(r).email for r in ROLES if r != "anonymous"} - {person.email}
    others.add(lives.other_board_member.email)
    # Partners appear by name only; nobody else's address is in the file.
    assert [email for email in others if email in text] == []


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_a_member_gets_everything_their_pair_wrote_and_nothing_of_the_other_pair(
    client, lives, role
):
    sign_in_as(client, lives, role)
    data, text = download(client)
    assert [name for name, secret in OUR_SECRETS.items() if secret not in text] == []
    assert [name for name, secret in THEIR_SECRETS.items() if secret in text] == []

    (pair,) = data["pairs"]
    assert pair["you_were"] == ("mentor" if role == "mentor" else "board member")
    (meeting,) = pair["meetings"]
    assert meeting["status"] == "Held"
    # Never moved from a booked time (`moved_from`, `moved_by`: a booking moved says both).
    assert (meeting["moved_from"], meeting["moved_by"]) == (None, "")
    assert {note["by"] for note in meeting["notes"]} == {
        "you",
        (lives.board_member if role == "mentor" else lives.mentor).full_name,
    }
    assert meeting["action_steps"][0]["what"] == OUR_SECRETS["action step"]


@pytest.mark.parametrize("role", ["other_mentor", "coordinator", "superuser", "outsider"])
def test_nobody_outside_the_pair_gets_its_notes(client, lives, role):
    sign_in_as(client, lives, role)
    _, text = download(client)
    assert [name for name, secret in OUR_SECRETS.items() if secret in text] == []


def test_survey_answers_are_not_in_it_and_it_says_why(client, lives):
    sign_in_as(client, lives, "mentor")
    data, text = download(client)
    assert SURVEY_ANSWER not in text
    assert data["surveys"]["answered"] == [
        {"survey": "Mid-point pulse", "programme": lives.programme.name}
    ]
    assert "no link to you" in data["about"]
    assert "nobody, us included, can tell which answers are yours" in data["surveys"]["about"]


def test_it_lists_applications_profiles_events_and_requests(client, lives):
    registration = RegistrationFactory(person=lives.mentor)
    pair_request_raise(
        match=lives.pair, person=lives.mentor, kind=PairRequestKind.CONCERN, note="Tapir-13"
    )
    sign_in_as(client, lives, "mentor")
    data, _ = download(client)
    (application,) = data["mentor_applications"]
    assert application["programme"] == lives.programme.name
    assert application["answers"]["experience_statement"]
    assert "coordinator_notes" not in application["answers"]
    assert data["board_member_profiles"] == []
    assert registration.event.title in [event["event"] for event in data["events"]]
    assert data["requests_to_the_programme_office"][0]["note"] == "Tapir-13"

    sign_in_as(client, lives, "board_member")
    data, _ = download(client)
    assert data["mentor_applications"] == []
    (profile,) = data["board_member_profiles"]
    assert profile["invited_as"] == lives.board_member.email


def test_emails_are_listed_by_subject_without_their_text(client, cast):
    send_templated_mail(
        "accounts/email/invitation",
        to=cast.mentor.email,
        recipient=cast.mentor,
        context={"invitation": InvitationFactory(email=cast.mentor.email, invited_to="Kiwi-13")},
    )
    sign_in_as(client, cast, "mentor")
    data, text = download(client)
    (email,) = [e for e in data["emails_sent_to_you"] if e["kind"] == "Invitation"]
    assert email["subject"]
    assert email["to"] == cast.mentor.email
    assert "accept_path" not in text
    assert "/accounts/invitation/" not in text
    (invitation,) = data["invitations"]
    assert invitation["for"] == "Kiwi-13"
    assert invitation["status"] == "pending"


def test_a_pair_ended_long_ago_says_when_its_notes_go(client, cast):
    ended = MatchFactory(
        mentor=cast.pair.mentor,
        board_member=cast.other_pair.board_member,
        status="ended",
    )
    sign_in_as(client, cast, "mentor")
    data, _ = download(client)
    (past,) = [pair for pair in data["pairs"] if pair["status"] == "Ended"]
    due = ended.ended_at + timedelta(days=cast.programme.notes_retention_days)
    assert past["notes_to_be_deleted"].startswith(due.isoformat()[:19])


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        download(client)
    return len(captured)


def test_the_query_count_is_the_same_with_little_and_much_data(
    client, lives, django_assert_max_num_queries
):
    # Session and user (2); the account (5: former names, addresses, second factors,
    # invitations, emails); what they went by (6, `known_as`: former names, addresses,
    # those held by others (2), those others gave up, names others go or went by);
    # mentoring (17: applications and their themes, profiles and their themes, pairs, their
    # meetings, the meetings' themes, notes, action steps, reviews, agreements; requests,
    # events, exemptions, answers as a line manager, reminders, calendar address);
    # evaluation (1: participations).
    # The mentor has no board-member profile, so its themes are not asked for: 30.
    sign_in_as(client, lives, "mentor")
    with django_assert_max_num_queries(30):
        download(client)
    small = queries(client)

    for _ in range(3):
        meeting = HeldMeetingFactory(match=lives.pair)
        MeetingNote.objects.create(meeting=meeting, author=lives.mentor, text="More")
        ActionStepFactory(meeting=meeting)
        RegistrationFactory(person=lives.mentor)
    ended = MatchFactory(
        mentor=lives.pair.mentor, board_member=lives.other_pair.board_member, status="ended"
    )
    HeldMeetingFactory(match=ended)
    assert queries(client) == small
