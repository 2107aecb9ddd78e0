"""Withdrawing cannot be undone and ends the mentor's pairs, so it is asked first: the page
says what will happen, and nothing changes and nobody is emailed until it is confirmed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ApplicationStatus, MatchStatus, MentorApplication
from tests.admin_pages import words
from tests.factories import MeetingFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db

WITHDRAW = reverse("apply_withdraw")


def test_the_application_page_links_to_the_confirmation_not_to_a_one_click_form(client, cast):
    client.force_login(cast.mentor)
    page = client.get(f"{reverse('apply')}?programme=pilot").content.decode()
    assert f'href="{WITHDRAW}?programme=pilot"' in page
    assert f'action="{WITHDRAW}"' not in page


def test_the_confirmation_says_the_pair_ends_and_the_office_is_told(client, cast, mailoutbox):
    MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    client.force_login(cast.mentor)

    page = words(client.get(f"{WITHDRAW}?programme=pilot").content.decode())

    assert "Withdraw your application?" in page
    assert "Nothing has changed yet." in page
    assert "your pairing with Bola Board ends" in page
    assert "your 1 upcoming meeting with them is cancelled" in page
    assert (
        "Bola Board is emailed that the pairing has ended because you are no longer taking "
        "part (not why), and which meetings are off; you are emailed a calendar file that "
        "takes it out of your calendar" in page
    )
    assert (
        "the programme office is told by email, so that they can find Bola Board another mentor"
        in page
    )
    assert "Yes, withdraw my application" in page
    assert "No, keep my application" in page


def test_a_pair_with_no_meetings_ahead_is_said_to_end_with_none_called_off(client, cast):
    client.force_login(cast.mentor)

    page = words(client.get(f"{WITHDRAW}?programme=pilot").content.decode())

    assert "your pairing with Bola Board ends: Bola Board is emailed" in page
    assert "upcoming meeting" not in page
    assert "calendar file" not in page


def test_without_a_pair_the_confirmation_says_only_the_office_sees_it(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    client.force_login(cast.outsider)

    page = client.get(f"{WITHDRAW}?programme=pilot").content.decode()

    assert "the programme office sees that you have withdrawn; nobody else is told" in page
    assert "your pairing with" not in page


@pytest.mark.parametrize(
    "data",
    [{"programme": "pilot"}, {"programme": "pilot", "yes": "1"}],
    ids=["post-without-confirm", "post-with-another-button"],
)
def test_nothing_changes_and_nobody_is_emailed_until_confirmed(
    client, cast, mailoutbox, django_capture_on_commit_callbacks, data
):
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"{WITHDRAW}?programme=pilot")
        response = client.post(WITHDRAW, data)

    assert response.status_code == 200  # the confirmation again
    assert "Withdraw your application?" in response.content.decode()
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE
    assert (
        MentorApplication.objects.get(pk=cast.pair.mentor.pk).status == ApplicationStatus.ACCEPTED
    )
    assert mailoutbox == []


def test_confirming_withdraws_ends_the_pair_and_tells_the_office(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"}, follow=True)

    assert "Your application is withdrawn" in response.content.decode()
    assert MentorApplication.objects.get(pk=cast.pair.mentor.pk).status == "withdrawn"
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    told = {address for mail in mailoutbox for address in mail.to}
    assert cast.coordinator.email in told
    assert cast.board_member.email in told  # that the pairing ended: see the next file


def test_confirming_twice_changes_nothing_more_and_sends_nothing_more(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"})
    sent = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"}, follow=True)

    assert "There is no application in progress to withdraw." in response.content.decode()
    assert len(mailoutbox) == sent


def test_there_is_no_confirmation_for_an_application_that_is_not_in_progress(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status="declined")
    client.force_login(cast.outsider)

    response = client.get(f"{WITHDRAW}?programme=pilot", follow=True)

    assert "There is no application in progress to withdraw." in response.content.decode()


def test_someone_else_cannot_withdraw_the_mentors_application(client, cast):
    client.force_login(cast.other_mentor)
    client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"})

    assert MentorApplication.objects.get(pk=cast.pair.mentor.pk).status == "accepted"


def test_signed_out_visitors_are_asked_to_sign_in(client, cast):
    response = client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert MentorApplication.objects.get(pk=cast.pair.mentor.pk).status == "accepted"
