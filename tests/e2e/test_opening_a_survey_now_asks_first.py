"""In the browser: a coordinator adds a survey that opens now, with its first question, and
presses Enter in its title.
Nothing is saved: the page that follows says that opening it now emails the people it asks,
how many and who, with nothing for axe to find. "No, go back" keeps what was typed; "Save and
open now" saves it, open."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.audience import people_asked
from evaluation.models import Survey
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_confirms_before_a_survey_opens_now(page, cast):
    coordinator = cast.coordinator
    sign_in(page, coordinator.email, PASSWORD, totp_secret=coordinator.totp_secret)
    page.goto(reverse("admin:evaluation_survey_add"))
    opens = timezone.localtime() - timedelta(hours=1)
    page.get_by_label("Programme").select_option(label=str(cast.programme))
    page.get_by_label("Audience").select_option(label="Mentors and board members")
    page.locator("#id_opens_at_0").fill(f"{opens:%Y-%m-%d}")
    page.locator("#id_opens_at_1").fill(f"{opens:%H:%M:%S}")
    page.get_by_label("Closes after").fill(f"{opens + timedelta(days=14):%Y-%m-%d}")
    page.get_by_label("Title").fill("Autumn pulse")
    # Asking something: a survey with no question yet is seen by nobody and emails nobody.
    page.locator("#id_questions-0-text").fill("How useful were the meetings?")
    page.locator("#id_questions-0-kind").select_option(value="scale")

    page.get_by_label("Title").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Open “Autumn pulse” now?")
    assert not Survey.objects.exists()
    expect(page.get_by_text("Opening it now emails the 4 people it asks")).to_be_visible()
    expect(page.get_by_role("heading", name="Who the survey asks (4)")).to_be_visible()
    expect(page.get_by_text("Maya Mentor (maya@example.org): mentor")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="No, go back").click()
    page.get_by_text("Nothing was saved.").wait_for()
    assert page.get_by_label("Title").input_value() == "Autumn pulse"
    assert not Survey.objects.exists()

    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Save and open now").click()
    page.wait_for_url("**/evaluation/survey/")

    survey = Survey.objects.get()
    assert (survey.title, survey.is_open) == ("Autumn pulse", True)
    assert len(people_asked([survey])[survey.pk]) == 4
