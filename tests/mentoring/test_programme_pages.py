import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_current_programme_to_visitors(client):
    ProgrammeFactory(name="2026/27 pilot")
    content = client.get("/").content.decode()
    assert "<h1>2026/27 pilot</h1>" in content
    assert "Sign up to apply" in content


def test_the_home_page_explains_when_no_programme_runs(client):
    ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    content = client.get("/").content.decode()
    assert "No programme is running just now" in content


def test_a_closed_recruitment_shows_its_message_instead_of_the_call_to_apply(client):
    programme = ProgrammeFactory(
        recruitment_open=False,
        recruitment_closed_message="We will recruit again after the pilot is evaluated.",
    )
    content = client.get(programme.get_absolute_url()).content.decode()
    assert "We will recruit again after the pilot is evaluated." in content
    assert "Apply to be a reverse mentor" not in content


def test_a_draft_programme_is_not_found_by_visitors_or_staff(client, staff_member):
    programme = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    assert client.get(programme.get_absolute_url()).status_code == 404
    client.force_login(staff_member)
    assert client.get(programme.get_absolute_url()).status_code == 404


def test_a_coordinator_can_preview_a_draft_programme(client, coordinator):
    programme = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    client.force_login(coordinator)
    content = client.get(programme.get_absolute_url()).content.decode()
    assert "Preview: this programme is a draft" in content


def test_a_closed_programme_stays_readable(client):
    programme = ProgrammeFactory(status=ProgrammeStatus.CLOSED, recruitment_open=False)
    assert client.get(programme.get_absolute_url()).status_code == 200


def test_programme_content_is_markdown_with_scripts_removed(client):
    programme = ProgrammeFactory(
        about="**Confidential**, voluntary and informal.\n\n<script>alert(1)</script>"
        "[link](javascript:alert(1))"
    )
    content = client.get(programme.get_absolute_url()).content.decode()
    assert "<strong>Confidential</strong>" in content
    assert "<script>alert(1)</script>" not in content
    assert "javascript:" not in content


def test_the_programme_page_lists_themes_and_key_dates(client):
    programme = ProgrammeFactory(themes=["Learning to talk about race"])
    programme.key_dates.create(label="Briefings", date="2027-01-20")
    content = client.get(programme.get_absolute_url()).content.decode()
    assert "Learning to talk about race" in content
    assert "20 January 2027" in content


def test_an_unknown_programme_is_404(client):
    assert client.get(reverse("programme_detail", args=["nope"])).status_code == 404
