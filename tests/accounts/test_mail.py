import smtplib

import pytest
from celery.exceptions import Retry

from accounts.mail import send_templated_mail
from accounts.tasks import email_deliver
from tests.factories import InvitationFactory


@pytest.fixture
def failing_mail_server(monkeypatch):
    attempts = []

    def refuse(self, *args, **kwargs):
        attempts.append(1)
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    return attempts


def test_a_mail_server_failure_makes_the_delivery_ask_to_be_retried(failing_mail_server):
    message = {
        "subject": "Hello",
        "text": "Hi",
        "html": "<p>Hi</p>",
        "to": ["a@example.org"],
        "attachments": [],
    }

    with pytest.raises(Retry, match="mail server down"):
        email_deliver.apply(args=[message])

    assert len(failing_mail_server) == 1


@pytest.mark.django_db
def test_in_process_a_mail_failure_is_logged_not_raised(failing_mail_server, caplog):
    invitation = InvitationFactory(email="provost@example.com")

    send_templated_mail(
        "accounts/email/invitation",
        to="provost@example.com",
        context={"invitation": invitation, "has_account": False, "accept_path": "/x/"},
    )

    assert failing_mail_server
    assert "Could not send 'You are invited to the reverse mentoring programme'" in caplog.text


@pytest.mark.django_db
def test_a_page_that_saved_something_still_answers_when_mail_fails(
    client, staff_member, failing_mail_server
):
    from django.urls import reverse

    from mentoring.models import Registration
    from tests.factories import EventFactory, MentorApplicationFactory

    application = MentorApplicationFactory(applicant=staff_member)
    event = EventFactory(programme=application.programme)
    client.force_login(staff_member)

    response = client.post(reverse("event_register", args=[event.pk]), follow=True)

    assert response.status_code == 200
    assert Registration.objects.filter(event=event, person=staff_member).exists()


def test_the_message_crosses_the_queue_as_plain_data():
    import json

    from accounts.mail import render_templated_mail

    message = render_templated_mail(
        "mentoring/email/registered",
        to="a@example.org",
        context={"event": None, "person": None},
        attachments=[("event.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    assert json.loads(json.dumps(message)) == message
