"""In the browser: a coordinator decides on an application, follows "Audit trail" from its
page to the row that says who did it, and both pages pass axe."""

import pytest
from playwright.sync_api import expect

from mentoring.models import ApplicationStatus
from mentoring.services.decisions import application_decide
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, CoordinatorFactory, MentorApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_follows_an_application_to_its_trail(page):
    coordinator = CoordinatorFactory(full_name="Carmen Coordinator", email="carmen@example.org")
    application = MentorApplicationFactory(applicant=UserFactory(full_name="Priya Patel"))
    application_decide(application=application, status=ApplicationStatus.ACCEPTED, by=coordinator)
    sign_in(page, "carmen@example.org", PASSWORD, coordinator.totp_secret)

    page.goto(f"/admin/mentoring/mentorapplication/{application.pk}/change/")
    assert_accessible(page)
    page.locator(".object-tools").get_by_role("link", name="Audit trail").click()

    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Carmen Coordinator <carmen@example.org>")
    expect(row).to_contain_text("Application decided")
    expect(row).to_contain_text(f"Mentor application #{application.pk}")
    expect(row).to_contain_text("status: submitted → accepted")
    assert_accessible(page)
