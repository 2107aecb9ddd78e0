"""allauth's emails name the site and link to it from the settings (SITE_NAME, SITE_URL),
like every other email, never from the host and port the request arrived on."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOST = "10.0.0.7:8123"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://mentoring.example.org"
    settings.SITE_NAME = "Example reverse mentoring"
    settings.ALLOWED_HOSTS = ["10.0.0.7"]


def sent(django_capture_on_commit_callbacks, post):
    with django_capture_on_commit_callbacks(execute=True):
        response = post()
    assert response.status_code == 302
    [message] = mail.outbox
    return message


def assert_names_the_site_from_settings(message) -> None:
    for part in (message.body, *(content for content, _ in message.alternatives)):
        assert "10.0.0.7" not in part
        # The port as part of an address (a random token in a reset link may hold "8123").
        assert ":8123" not in part
    assert "Example reverse mentoring" in message.body
    assert "https://mentoring.example.org/accounts/" in message.body


def test_the_sign_up_confirmation_greets_with_the_site_name_and_links_to_site_url(
    client, django_capture_on_commit_callbacks
):
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            reverse("account_signup"),
            {
                "email": "newcomer@example.org",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
                "full_name": "Nell Newcomer",
                "job_title": "Technician",
                "department": "Estates",
            },
            HTTP_HOST=HOST,
        ),
    )

    assert message.to == ["newcomer@example.org"]
    assert_names_the_site_from_settings(message)
    assert "Thank you for signing up to Example reverse mentoring." in message.body
    assert "https://mentoring.example.org/accounts/confirm-email/" in message.body


def test_the_password_reset_links_to_site_url(client, django_capture_on_commit_callbacks):
    UserFactory(email="maya@example.org")

    message = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            reverse("account_reset_password"), {"email": "maya@example.org"}, HTTP_HOST=HOST
        ),
    )

    assert_names_the_site_from_settings(message)
    assert "https://mentoring.example.org/accounts/password/reset/key/" in message.body
