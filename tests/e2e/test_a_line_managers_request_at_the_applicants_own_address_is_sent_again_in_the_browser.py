"""In the browser: Olu confirmed his line manager's address on his own account after
applying. His application's page asks him for the manager's own address; the office's list
of line managers' requests says no answer can be taken, and "Send again" asks for the
manager's own address (the box empty), names it before sending, and sends it; axe finds
nothing on any page."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import LineManagerRequest
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, line_manager_asked

pytestmark = pytest.mark.django_db(transaction=True)

LEE = "lee.manager@example.org"
REAL = "lee.real@example.org"


@pytest.fixture
def asked(cast):
    cast.programme.line_manager_silence_days = 10
    cast.programme.save(update_fields=["line_manager_silence_days"])
    request = line_manager_asked(
        cast.programme, cast.outsider, LEE, sent_at=timezone.now() - timedelta(days=11)
    )
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    return request


def test_the_applicant_is_asked_for_the_managers_own_address(page, cast, asked):
    sign_in(page, cast.outsider.email, PASSWORD)

    page.goto("/apply/?programme=pilot")

    expect(
        page.get_by_text(f"Our email went to {LEE}, which is now an address on your")
    ).to_be_visible()
    expect(page.get_by_text("look out for it")).to_have_count(0)
    assert_accessible(page)


def test_the_office_sends_it_again_to_the_managers_own_address(page, cast, asked):
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)

    page.goto(reverse("admin:mentoring_linemanagerrequest_changelist"))
    expect(
        page.get_by_text("No answer can be taken: the request went to an address")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option(
        label="Send the selected requests again, with a new link…"
    )
    page.get_by_role("button", name="Go").click()

    expect(
        page.get_by_text(f"The request went to {LEE}, which now belongs to Olu Outsider")
    ).to_be_visible()
    box = page.get_by_label("Line manager's address")
    expect(box).to_have_value("")
    assert_accessible(page)
    expect(page.get_by_text("Their line manager (the address given below)")).to_be_visible()
    box.fill(REAL)
    box.press("Enter")  # sends nothing
    page.get_by_role("button", name="Yes, email 1 line manager").click()
    # The address typed is named first: nothing sent yet.
    expect(page.get_by_text(f"The address is now {REAL}, as typed")).to_be_visible()
    assert LineManagerRequest.objects.get(pk=asked.pk).email == LEE
    assert_accessible(page)
    page.get_by_role("button", name="Yes, email 1 line manager").click()

    expect(page.get_by_text("1 line manager asked again, with a new link.")).to_be_visible()
    expect(page.get_by_role("cell", name="Waiting for a reply")).to_be_visible()
    assert_accessible(page)
    again = LineManagerRequest.objects.get(pk=asked.pk)
    assert (again.email, again.applicants_own) == (REAL, False)
