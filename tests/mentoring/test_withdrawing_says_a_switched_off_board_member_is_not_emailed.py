"""The office switched Bola's account off (she has left; her pair with Maya runs on): no
email reaches her (`accounts.outbox.can_be_emailed`). Maya withdrawing ends their pair, but
neither her confirmation page, nor the message after "Yes", nor the email that sends her
the calendar file, says Bola is emailed or has been told: each says Bola, whose account is
switched off, is (or was) not emailed. Omar's board member, Olive, whose account is on,
is promised the email as before."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

WITHDRAW = reverse("apply_withdraw")
NOT_EMAILED = "Bola Board, whose account is switched off, is not emailed"
WAS_NOT_EMAILED = "Bola Board, whose account is switched off, was not emailed"


@pytest.fixture
def booked(cast):
    """Maya and Bola's next meeting, booked for a week on."""
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=7))


def confirmation(client, person) -> str:
    client.force_login(person)
    return words(client.get(f"{WITHDRAW}?programme=pilot").content.decode())


def withdraw(client, person, capture):
    client.force_login(person)
    with capture(execute=True):
        return client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"}, follow=True)


def test_the_page_says_bola_is_not_emailed_and_promises_her_nothing(
    client, cast, board_member_switched_off, booked
):
    page = confirmation(client, cast.mentor)

    assert (
        f"your pairing with Bola Board ends, and your 1 upcoming meeting with them is "
        f"cancelled: {NOT_EMAILED}; you are emailed a calendar file that takes it out of "
        "your calendar;" in page
    )
    assert "Bola Board is emailed" not in page
    # Olive, whose account is on, is promised the email as before.
    page = confirmation(client, cast.other_mentor)
    assert "Olive Other is emailed that the pairing has ended" in page
    assert "not emailed" not in page


def test_the_message_after_yes_says_bola_was_not_emailed(
    client, cast, board_member_switched_off, django_capture_on_commit_callbacks
):
    response = withdraw(client, cast.mentor, django_capture_on_commit_callbacks)

    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"Your application is withdrawn. {WAS_NOT_EMAILED}. Thank you for your interest."
    ]


def test_mayas_own_email_does_not_say_bola_has_been_told(
    client, cast, board_member_switched_off, booked, mailoutbox, django_capture_on_commit_callbacks
):
    withdraw(client, cast.mentor, django_capture_on_commit_callbacks)

    [email] = [m for m in mailoutbox if m.to == [cast.mentor.email]]
    for body in (email.body, words(email.alternatives[0][0])):
        assert f"has ended. {WAS_NOT_EMAILED}." in " ".join(body.split())
        assert "has been told" not in body
    assert not [m for m in mailoutbox if m.to == [cast.board_member.email]]
