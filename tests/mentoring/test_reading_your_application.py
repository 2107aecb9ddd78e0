"""A mentor can read back what they submitted: every answer, in words, and nothing to edit."""

import pytest
from django.urls import reverse

from mentoring.models import MentorApplication
from tests.factories import STATEMENT

pytestmark = pytest.mark.django_db

APPLY = f"{reverse('apply')}?programme=pilot"
BIO = "Maya's bio: technician, book club, staff network."


@pytest.fixture(autouse=True)
def mayas_bio(cast):
    MentorApplication.objects.filter(pk=cast.pair.mentor_id).update(bio=BIO)


def test_a_mentor_reads_every_answer_they_sent(client, cast):
    client.force_login(cast.mentor)

    page = client.get(APPLY).content.decode()

    assert "What you told us" in page
    assert "Can you commit time to the programme?" in page
    assert STATEMENT in page
    assert "Maya&#x27;s bio: technician, book club, staff network." in page
    assert "Tuesday and Thursday mornings" in page
    assert "By reflecting: listening, observing and thinking it over" in page
    assert "Grade 5" in page
    assert "Anti-racism" in page
    assert "<textarea" not in page
    assert "Save draft" not in page


def test_the_dashboard_links_to_the_application(client, cast):
    client.force_login(cast.mentor)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{APPLY}">Read your application</a>' in page


def test_nobody_else_reads_it(client, cast):
    client.force_login(cast.other_mentor)
    assert "Maya&#x27;s bio" not in client.get(APPLY).content.decode()
    client.force_login(cast.board_member)
    assert client.get(APPLY).status_code == 403
