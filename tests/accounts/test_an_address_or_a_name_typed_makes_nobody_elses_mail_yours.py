"""What was sent to an address is a person's (to download, and to erase with their account)
only if the address is theirs: typed on /accounts/email/ and never confirmed, or typed as a
name and changed back, it makes nobody else's mail theirs, nor lets their deletion touch it."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import OutboxMessage
from mentoring.models import LineManagerRequest, MentorApplication
from mentoring.services.applications import send_line_manager_request
from tests.factories import (
    PASSWORD,
    UserFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

BOSS = "boss@example.org"


def claims_address(client, person, address: str) -> None:
    """`person` signs in with their password and adds `address` on /accounts/email/, which
    allauth keeps unconfirmed until a link sent to it is followed (never, here)."""
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("account_email"), {"action_add": "", "email": address})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert EmailAddress.objects.filter(user=person, email=address, verified=False).exists()


def ama_asks_her_line_manager(cast):
    ama = UserFactory(full_name="Ama Applicant", email="ama@example.org")
    request = line_manager_asked(cast.programme, ama, BOSS)
    send_line_manager_request(request.application, request.token)
    return request


def test_claiming_someones_address_unconfirmed_does_not_put_their_mail_in_your_download(
    client, cast
):
    ama_asks_her_line_manager(cast)
    claims_address(client, cast.outsider, BOSS)

    text = client.get(reverse("personal_data_download")).content.decode()

    # The email to Ama's line manager names her application: it is not Olu's.
    assert "Ama Applicant" not in text
    # Only the email confirming the address, which Olu asked for, went there for Olu.
    assert [e["kind"] for e in json.loads(text)["emails_sent_to_you"] if e["to"] == BOSS] == [
        "Email confirmation"
    ]


def test_deleting_an_account_that_claimed_an_address_unconfirmed_leaves_others_mail_alone(
    client, cast
):
    request = ama_asks_her_line_manager(cast)
    claims_address(client, cast.outsider, BOSS)

    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302

    # Ama's application still names her line manager, whose link still works and whose
    # email still goes to them.
    application = MentorApplication.objects.get(pk=request.application_id)
    assert application.line_manager_email == BOSS
    request = LineManagerRequest.objects.get(pk=request.pk)
    assert request.email == BOSS
    assert request.token
    assert OutboxMessage.objects.filter(to=BOSS).exists()


def renamed(client, person, name: str):
    client.force_login(person)
    return client.post(
        reverse("profile_details"),
        {"full_name": name, "job_title": person.job_title, "department": person.department},
    )


def test_a_name_typed_as_someones_address_does_not_make_their_mail_yours(client, cast):
    ama_asks_her_line_manager(cast)
    renamed(client, cast.outsider, BOSS)
    renamed(client, cast.outsider, "Olu Outsider")

    text = client.get(reverse("personal_data_download")).content.decode()

    assert "Ama Applicant" not in text


def test_deleting_an_account_once_named_like_someones_address_leaves_their_mail_alone(client, cast):
    request = ama_asks_her_line_manager(cast)
    renamed(client, cast.outsider, BOSS)
    renamed(client, cast.outsider, "Olu Outsider")

    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302

    assert MentorApplication.objects.get(pk=request.application_id).line_manager_email == BOSS
    request = LineManagerRequest.objects.get(pk=request.pk)
    assert (request.email, bool(request.token)) == (BOSS, True)
