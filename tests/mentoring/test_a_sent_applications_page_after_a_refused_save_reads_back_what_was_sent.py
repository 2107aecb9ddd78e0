"""Olu's Save from a tab opened before he sent his application: the sent application's page
shows what he had typed under "What you had typed, not saved", and under "What you told us"
the answers he sent, every one: not what the refused save typed (read into the application
as if saved), nor "Not answered" for an answer the old tab's form did not carry."""

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.cast import from_the_cast
from tests.factories import MentorApplicationFactory

pytestmark = pytest.mark.django_db

programme = from_the_cast("programme")
applicant = from_the_cast("outsider")  # Olu, signed-up staff, in no programme yet


def test_what_you_told_us_is_what_was_sent(client, applicant, programme):
    sent = MentorApplicationFactory(programme=programme, applicant=applicant, bio="The bio I sent")
    client.force_login(applicant)

    response = client.post(
        f"{reverse('apply')}?programme={programme.slug}",
        {"bio": "A bio typed in the old tab", "department": "Print Room", "save": "1"},
    )
    page = words(response.content.decode())

    typed, told = page.split("What you had typed, not saved", 1)[1].split("What you told us")
    assert "A bio typed in the old tab" in typed
    assert "The bio I sent" in told
    assert "A bio typed in the old tab" not in told
    assert "Not answered" not in told
    assert sent.department in told
