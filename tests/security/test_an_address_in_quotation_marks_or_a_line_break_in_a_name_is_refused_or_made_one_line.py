"""An address is typed as a staff directory writes it: one whose name is in quotation marks
(`"olu"@example.org`, which mail servers deliver to `olu@example.org`) or holds a backslash is
refused wherever an address is typed, in the site's words and once, so that nobody names
their own mailbox as their line manager, nor signs up a second account of their own to apply
beside a board place. And a one-line box holds one line: a line break sent in a name (by a
page made up; a browser sends none from a one-line box) is read as a space, so that no name
opens a paragraph of its own in the emails that name it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.bounds import QUOTED_ADDRESS
from accounts.models import User
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication
from tests.admin_pages import words
from tests.applying import application_answers, apply_url, sent
from tests.cast import SIGN_UP

pytestmark = pytest.mark.django_db


@pytest.fixture
def asks_line_managers(cast):
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    return cast


def applies(client, cast, **line_manager):
    client.force_login(cast.outsider)
    data = application_answers(cast.programme, **line_manager)
    return sent(client, apply_url(cast.programme), data)


@pytest.mark.parametrize(
    "address", ['"olu"@example.org', "ol\\u@example.org", '"o.lu"@example.org']
)
def test_naming_ones_own_mailbox_in_quotation_marks_as_line_manager_is_refused(
    client, asks_line_managers, mailoutbox, address
):
    response = applies(
        client, asks_line_managers, line_manager_name="Olu", line_manager_email=address
    )

    page = words(response.content.decode())
    assert page.count(QUOTED_ADDRESS) == 2  # the summary at the top, and beside the box
    assert "Enter a valid email address." not in page
    assert not MentorApplication.objects.filter(status=ApplicationStatus.SUBMITTED).exists()
    assert not LineManagerRequest.objects.exists()
    assert mailoutbox == []


def test_a_second_account_at_a_board_members_mailbox_in_quotation_marks_is_not_made(settings, cast):
    page = Client().post(reverse("account_signup"), {**SIGN_UP, "email": '"bola"@example.org'})

    assert page.status_code == 200
    assert QUOTED_ADDRESS in words(page.content.decode())
    assert not User.objects.filter(email__contains='"').exists()


def test_a_line_break_in_the_line_managers_name_is_a_space_in_the_email_to_them(
    client, asks_line_managers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        applies(
            client,
            asks_line_managers,
            line_manager_name="Sam\r\n\r\nIMPORTANT: confirm your payroll access today",
            line_manager_email="sam@example.org",
        )

    application = MentorApplication.objects.get(applicant=asks_line_managers.outsider)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.line_manager_name == "Sam  IMPORTANT: confirm your payroll access today"
    (to_sam,) = [message for message in mailoutbox if message.to == ["sam@example.org"]]
    assert not re.search(r"\n\s*IMPORTANT", to_sam.body)


def test_a_line_break_in_a_name_typed_on_signing_up_is_a_space(cast):
    Client().post(reverse("account_signup"), {**SIGN_UP, "full_name": "Nell\nhttps://evil.example"})

    assert User.objects.get(email=SIGN_UP["email"]).full_name == "Nell https://evil.example"
