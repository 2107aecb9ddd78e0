"""Beneath the line manager's choice, the page says that the answer cannot be changed once
sent, and who hears of it: the programme office by email when the programme tells it of
applications (as "Yes" then does), otherwise when it decides the application."""

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.factories import UserFactory, line_manager_asked

pytestmark = pytest.mark.django_db

FINAL = "You cannot change your answer once it is sent."
EMAILED = (
    "If you agree, the programme office is told by email, so that they can decide the application."
)
NOT_EMAILED = "The programme office sees it when they decide the application."


def asked(cast, *, office_told: bool):
    """Lee, asked whether Lena may take part, in a programme that tells the office of
    applications or not."""
    cast.programme.notify_office_of_applications = office_told
    cast.programme.office_email = "office@example.org"
    cast.programme.save()
    return line_manager_asked(
        cast.programme, UserFactory(full_name="Lena Late"), "lee@example.org", token="lees-link"
    )


def the_page(client) -> str:
    return words(client.get(reverse("line_manager_answer", args=["lees-link"])).content.decode())


def test_the_choice_says_the_answer_is_final_and_the_office_is_emailed(client, cast):
    asked(cast, office_told=True)

    page = the_page(client)

    assert f"Yes, I agree No, I do not agree {FINAL} {EMAILED}" in page


def test_yes_emails_the_programme_office_as_the_page_says(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    asked(cast, office_told=True)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("line_manager_answer", args=["lees-link"]), {"decision": "yes"})

    assert [mail.to for mail in mailoutbox] == [["office@example.org"]]


def test_where_the_office_is_not_emailed_the_page_does_not_say_it_is(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    asked(cast, office_told=False)

    page = the_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("line_manager_answer", args=["lees-link"]), {"decision": "yes"})

    assert f"{FINAL} {NOT_EMAILED}" in page
    assert "by email" not in page
    assert mailoutbox == []
