"""The emails listed in a person's data download are named as the office's outbox names
them ("Registered"), never by the template they were written from."""

import json

import pytest

from accounts.mail import send_templated_mail
from accounts.models import OutboxMessage
from tests.cast import sign_in_as
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/profile/data.json"


def test_an_email_is_named_in_words_as_in_the_outbox(client, cast):
    registration = RegistrationFactory(
        event=EventFactory(programme=cast.programme, title="Mentor briefing"), person=cast.mentor
    )
    send_templated_mail(
        "mentoring/email/registered",
        to=cast.mentor.email,
        recipient=cast.mentor,
        context={"registration": registration, "event": registration.event},
    )
    sign_in_as(client, cast, "mentor")

    response = client.get(URL)

    assert response.status_code == 200
    kinds = [email["kind"] for email in json.loads(response.content)["emails_sent_to_you"]]
    outbox = OutboxMessage.objects.get(kind="mentoring/email/registered")
    assert kinds == ["Registered"]
    assert outbox.kind_in_words == "Registered"
    assert "mentoring/email/" not in response.content.decode()
