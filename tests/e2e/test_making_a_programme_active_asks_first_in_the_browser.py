"""In the browser: a coordinator makes a draft programme with an open survey active, pressing
Enter in its name. Nothing is saved: the page that follows names everyone the survey emails,
with nothing for axe to find. "No, go back" keeps the status chosen; "Save and make the
programme active" makes it active."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mentoring.models import Programme, ProgrammeStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, draft_with_an_open_survey

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_confirms_before_a_draft_programme_becomes_active(page, cast):
    draft = draft_with_an_open_survey()
    coordinator = cast.coordinator
    sign_in(page, coordinator.email, PASSWORD, totp_secret=coordinator.totp_secret)
    page.goto(reverse("admin:mentoring_programme_change", args=[draft.pk]))

    page.locator("#id_status").select_option(label="Active")
    page.locator("#id_name").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Make 2027/28 cohort active?")
    expect(page.get_by_text("Ada Early (ada@example.org)")).to_be_visible()
    expect(page.get_by_text("Ben Board (ben@example.org)")).to_be_visible()
    assert Programme.objects.get(pk=draft.pk).status == ProgrammeStatus.DRAFT
    assert_accessible(page)

    page.get_by_role("button", name="No, go back").click()
    page.get_by_text("Nothing was saved.").wait_for()
    expect(page.locator("#id_status")).to_have_value(ProgrammeStatus.ACTIVE)
    assert Programme.objects.get(pk=draft.pk).status == ProgrammeStatus.DRAFT

    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Save and make the programme active").click()
    page.wait_for_url("**/mentoring/programme/")
    assert Programme.objects.get(pk=draft.pk).status == ProgrammeStatus.ACTIVE
