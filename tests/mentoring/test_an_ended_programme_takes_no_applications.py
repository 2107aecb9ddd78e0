"""/apply/ for a programme the office has closed: it is over, not paused, so nobody starts,
saves or sends a draft there, and a draft kept from before is read back, not promised to be
sent "if recruitment opens again" (the dashboard's "Read your draft" leads there)."""

import pytest
from django.urls import reverse

from mentoring.models import MentorApplication, ProgrammeStatus
from tests.admin_pages import words
from tests.factories import DraftApplicationFactory

pytestmark = pytest.mark.django_db


def close(programme):
    """As the office closes it: no longer recruiting (a database check), then closed."""
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def apply_url(programme):
    return f"{reverse('apply')}?programme={programme.slug}"


def test_a_draft_in_an_ended_programme_is_read_back_not_offered_to_send_later(client, cast):
    DraftApplicationFactory(
        programme=cast.programme, applicant=cast.outsider, bio="Library assistant."
    )
    close(cast.programme)
    client.force_login(cast.outsider)

    page = client.get(apply_url(cast.programme)).content.decode()
    text = words(page)

    assert "2026/27 pilot is over, so it takes no more applications, and your draft" in text
    assert "Library assistant." in text  # read back
    assert "if recruitment opens again" not in text
    assert 'name="save"' not in page
    assert 'name="submit"' not in page


def test_a_draft_in_an_ended_programme_is_not_changed_by_a_save(client, cast):
    DraftApplicationFactory(
        programme=cast.programme, applicant=cast.outsider, bio="Library assistant."
    )
    close(cast.programme)
    client.force_login(cast.outsider)

    client.post(apply_url(cast.programme), {"bio": "Typed after it ended", "save": "1"})

    assert MentorApplication.objects.get(applicant=cast.outsider).bio == "Library assistant."


def test_nobody_starts_a_draft_in_an_ended_programme(client, cast):
    close(cast.programme)
    client.force_login(cast.outsider)

    page = client.get(apply_url(cast.programme)).content.decode()
    client.post(apply_url(cast.programme), {"bio": "Typed after it ended", "save": "1"})

    assert "2026/27 pilot is over, so it takes no more applications." in words(page)
    assert 'name="save"' not in page
    assert not MentorApplication.objects.filter(applicant=cast.outsider).exists()


def test_a_sent_application_in_an_ended_programme_is_still_read(client, cast):
    close(cast.programme)
    client.force_login(cast.mentor)

    text = words(client.get(apply_url(cast.programme)).content.decode())

    assert "What you told us" in text
