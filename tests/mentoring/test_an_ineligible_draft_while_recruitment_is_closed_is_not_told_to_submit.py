"""While recruitment is closed the apply page offers only "Save draft": a draft whose
answers do not meet the criteria is told to change them in the draft, to send if
recruitment opens again, never "before you submit", which it cannot."""

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus
from tests.admin_pages import words
from tests.factories import MentorApplicationFactory

pytestmark = pytest.mark.django_db


def apply_page(client, cast, *, recruiting: bool) -> str:
    programme = cast.programme
    programme.recruitment_open = recruiting
    programme.save(update_fields=["recruitment_open"])
    draft = MentorApplicationFactory(
        programme=programme,
        status=ApplicationStatus.DRAFT,
        has_conflict=True,
        conflict_details="Grievance",
        eligible=False,
    )
    client.force_login(draft.applicant)
    return words(client.get(reverse("apply") + f"?programme={programme.slug}").content.decode())


def test_a_draft_not_meeting_the_criteria_is_told_to_change_it_in_the_draft(client, cast):
    page = apply_page(client, cast, recruiting=False)

    assert "Recruitment is closed" in page
    assert "you do not meet the criteria this time" in page
    assert "change them in your draft." in page
    assert "you can send it if recruitment opens again" in page
    assert "before you submit" not in page
    assert "Submit application" not in page


def test_while_recruiting_it_is_told_to_change_them_before_submitting(client, cast):
    page = apply_page(client, cast, recruiting=True)

    assert "change them before you submit" in page
    assert "Submit application" in page
