"""Anyone who takes part in a programme (and so may be paired) can switch the optional nudges
off on their profile, and on again; the dispatcher then leaves them out, while reminders of
what is booked still come. Someone who takes part in none is not offered the choice."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.bounds import NOT_OFFERED
from accounts.models import OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import Match, Reminder
from mentoring.reminders import reminders_dispatch
from tests.cast import sign_in_as
from tests.factories import MeetingFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
NUDGES = reverse("profile_nudges")
# Who takes part in a programme, and who takes part in none (staff signed up, the office).
PARTICIPANTS = ["mentor", "board_member", "other_mentor"]
IN_NONE = ["coordinator", "superuser", "outsider"]
# A Monday morning in winter: London is on UTC, and day reminders (from 08:00) may go.
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

OFF = "Nudges are off. You will still be reminded of the meetings and events you have booked."
ON = "Nudges are on: we will email you when a meeting is due and nothing is booked."


def messages_shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def checked(content: str) -> str:
    """The value of the nudges radio button that is checked."""
    for value in ("yes", "no"):
        for tag in content.split("<input")[1:]:
            tag = tag.split(">", 1)[0]
            if 'name="wants_nudges"' in tag and f'value="{value}"' in tag and "checked" in tag:
                return value
    raise AssertionError("No nudges choice is checked.")


# --- who may choose -------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_to_choose(client, cast):
    for response in (client.get(PROFILE), client.post(NUDGES, {"wants_nudges": "no"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    cast.mentor.refresh_from_db()
    assert cast.mentor.wants_nudges


@pytest.mark.parametrize("role", [*PARTICIPANTS, "coordinator who applied"])
def test_each_person_sees_their_nudges_on_switches_them_off_and_on_again(client, cast, role):
    if role == "coordinator who applied":
        MentorApplicationFactory(programme=cast.programme, applicant=cast.coordinator)
        role = "coordinator"
    person = sign_in_as(client, cast, role)

    content = client.get(PROFILE).content.decode()
    assert "Nudges are on." in content
    assert checked(content) == "yes"

    response = client.post(NUDGES, {"wants_nudges": "no"}, follow=True)

    assert response.redirect_chain == [(PROFILE, 302)]
    assert messages_shown(response) == [OFF]
    content = response.content.decode()
    assert "Nudges are off." in content
    assert checked(content) == "no"
    person.refresh_from_db()
    assert not person.wants_nudges

    response = client.post(NUDGES, {"wants_nudges": "yes"}, follow=True)

    assert messages_shown(response) == [ON]
    assert "Nudges are on." in response.content.decode()
    person.refresh_from_db()
    assert person.wants_nudges


@pytest.mark.parametrize("role", IN_NONE)
def test_someone_in_no_programme_is_not_offered_nudges_and_cannot_post_them(client, cast, role):
    person = sign_in_as(client, cast, role)
    assert "Send me nudges?" not in client.get(PROFILE).content.decode()

    for answer in ({"wants_nudges": "no"}, {}):  # a choice, and the form sent empty
        assert client.post(NUDGES, answer).status_code == 404

    person.refresh_from_db()
    assert person.wants_nudges


def test_a_person_changes_their_own_nudges_and_nobody_elses(client, cast):
    sign_in_as(client, cast, "mentor")

    client.post(NUDGES, {"wants_nudges": "no", "person": cast.board_member.pk})

    cast.mentor.refresh_from_db()
    cast.board_member.refresh_from_db()
    assert not cast.mentor.wants_nudges
    assert cast.board_member.wants_nudges


@pytest.mark.parametrize("role", ["mentor", "board_member", "other_mentor"])
def test_the_profile_is_in_the_menu_of_mentors_and_board_members(client, cast, role):
    sign_in_as(client, cast, role)

    content = client.get(reverse("dashboard")).content.decode()

    assert f'href="{PROFILE}">Profile</a>' in content


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_the_profile_says_which_emails_are_optional_and_which_always_come(client, cast, role):
    sign_in_as(client, cast, role)

    content = client.get(PROFILE).content.decode()

    assert "Emails we send you" in content
    assert "Nudges are optional." in content
    assert "when your next meeting is due and nothing is booked" in content
    assert "when your first meeting with your partner is still to book" in content
    assert "these always come, whatever you choose: reminders of the meetings you have" in content
    assert "reminders of the events you registered for" in content
    assert f'action="{NUDGES}"' in content


def test_the_board_members_profile_questions_stay_on_the_page_with_the_nudges(client, cast):
    sign_in_as(client, cast, "board_member")

    content = client.get(PROFILE).content.decode()

    assert "What would you like to learn from reverse mentoring?" in content
    assert "Save my profile" in content
    assert "Save my choice" in content


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_an_answer_left_out_is_refused_with_the_error_summary(client, cast, role):
    person = sign_in_as(client, cast, role)

    response = client.post(NUDGES, {})

    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert '<a class="alert-link" href="#id_wants_nudges_0">Choose whether you want nudges.' in (
        content
    )
    assert "Nudges are on." in content
    person.refresh_from_db()
    assert person.wants_nudges


def test_every_link_in_the_profiles_error_summary_leads_to_its_question(client, cast):
    sign_in_as(client, cast, "board_member")

    content = client.post(PROFILE, {"learning_goals": ""}).content.decode()

    targets = re.findall(r'class="alert-link" href="#([^"]*)"', content)
    assert "id_availability_monday_morning" in targets  # the grid's first box
    assert "id_learning_style_0" in targets  # the first radio button
    for target in targets:
        assert f'id="{target}"' in content, target


def test_a_forged_answer_is_refused(client, cast):
    sign_in_as(client, cast, "mentor")

    response = client.post(NUDGES, {"wants_nudges": "sometimes"})

    assert response.status_code == 200
    assert NOT_OFFERED in response.content.decode()
    cast.mentor.refresh_from_db()
    assert cast.mentor.wants_nudges


def test_the_choice_is_saved_only_by_a_form_sent_from_the_site(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.mentor)

    # Opened in the browser, it leads to the profile page's section, saving nothing.
    assert client.get(NUDGES).url == "/profile/#nudges-heading"
    assert client.post(NUDGES, {"wants_nudges": "no"}).status_code == 403

    cast.mentor.refresh_from_db()
    assert cast.mentor.wants_nudges


def test_the_profile_and_the_choice_are_never_cached(client, cast):
    sign_in_as(client, cast, "mentor")

    for response in (client.get(PROFILE), client.post(NUDGES, {"wants_nudges": "no"})):
        assert "no-store" in response["Cache-Control"]


# --- what the dispatcher then sends ---------------------------------------------------------


@pytest.fixture
def unbooked(cast, time_machine):
    """Maya and Bola were paired 8 days ago and have booked nothing: the first-meeting nudge
    is due (a week after pairing). The other pair was paired today."""
    time_machine.move_to(NOW, tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=NOW - timedelta(days=8))
    Match.objects.filter(pk=cast.other_pair.pk).update(activated_at=NOW)
    return cast.pair


def sent(mailoutbox) -> list[tuple[str, str]]:
    return sorted((mail.to[0], mail.subject) for mail in mailoutbox)


TO_OFFICE = "No first meeting yet: Maya Mentor and Bola Board"


def test_with_nudges_on_both_members_are_nudged_and_the_office_is_told(
    cast, unbooked, dispatch, mailoutbox
):
    written = dispatch()

    assert written["first_contact"] == 2
    assert written["first_contact_office"] == 2
    assert sent(mailoutbox) == [
        ("bola@example.org", "Book your first meeting with Maya Mentor"),
        ("carmen@example.org", TO_OFFICE),
        ("maya@example.org", "Book your first meeting with Bola Board"),
        ("sue@example.org", TO_OFFICE),
    ]


def test_when_maya_switches_nudges_off_only_bola_is_nudged_and_the_office_is_still_told(
    client, cast, unbooked, dispatch, mailoutbox
):
    sign_in_as(client, cast, "mentor")
    client.post(NUDGES, {"wants_nudges": "no"})

    written = dispatch()

    assert written["first_contact"] == 1
    assert written["first_contact_office"] == 2
    assert sent(mailoutbox) == [
        ("bola@example.org", "Book your first meeting with Maya Mentor"),
        ("carmen@example.org", TO_OFFICE),
        ("sue@example.org", TO_OFFICE),
    ]
    assert not Reminder.objects.filter(to="maya@example.org").exists()


def test_a_nudge_queued_before_maya_switched_off_is_not_sent_and_says_why(
    client, cast, unbooked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch()  # Written, not yet sent: the worker is busy.
    sign_in_as(client, cast, "mentor")
    client.post(NUDGES, {"wants_nudges": "no"})

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    to_maya = Reminder.objects.select_related("message").get(
        kind="first_contact", to="maya@example.org"
    )
    assert to_maya.message.status == OutboxStatus.CANCELLED
    assert to_maya.message.cancelled_reason == "The person has switched off nudges."
    assert "maya@example.org" not in [mail.to[0] for mail in mailoutbox]
    assert "bola@example.org" in [mail.to[0] for mail in mailoutbox]


def test_with_nudges_off_a_booked_meeting_is_still_reminded(
    client, cast, time_machine, dispatch, mailoutbox
):
    time_machine.move_to(NOW, tick=False)
    MeetingFactory(
        match=cast.pair,
        starts_at=NOW + timedelta(days=7) - timedelta(hours=3),
        confirmed_at=NOW - timedelta(days=20),
    )
    sign_in_as(client, cast, "mentor")
    client.post(NUDGES, {"wants_nudges": "no"})

    written = dispatch()

    assert written["meeting_first_reminder"] == 2
    assert [mail.to[0] for mail in mailoutbox].count("maya@example.org") == 1
