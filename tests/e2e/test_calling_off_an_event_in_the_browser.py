"""In the browser: a coordinator calls off a briefing from its page, through the confirmation
that names who is emailed (Enter in the message starts a new line and calls nothing off),
and the mentor who held a place then sees it called off on /events/, with the message. Axe
finds nothing wrong on any page of the way."""

import os
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, Event
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, EventFactory, RegistrationFactory, application_from

pytestmark = pytest.mark.django_db(transaction=True)


def screenshot(page, name: str) -> None:
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}.png", full_page=True)


def assert_no_violations(page) -> None:
    violations = Axe().run(page).response["violations"]
    assert not violations, "\n".join(
        f"{violation['id']}: {node['target']} {node['html'][:200]}"
        for violation in violations
        for node in violation["nodes"]
    )


def test_a_coordinator_calls_off_a_briefing_and_the_mentor_sees_it_called_off(
    browser, live_server, cast
):
    priya = application_from(cast.programme, "Priya Patel").applicant
    starts = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    briefing = EventFactory(
        programme=cast.programme,
        audience=Audience.MENTORS,
        title="October mentor briefing",
        starts_at=starts + timedelta(days=21),
        ends_at=starts + timedelta(days=21, hours=3, minutes=30),
    )
    RegistrationFactory(event=briefing, person=priya)

    office = browser.new_context(base_url=live_server.url)
    office.set_default_timeout(10_000)
    page = office.new_page()
    try:
        sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)
        page.goto(reverse("admin:mentoring_event_change", args=[briefing.pk]))
        screenshot(page, "call-off-event-page")
        page.get_by_role("link", name="Call off this event…").click()

        page.get_by_role("heading", name="Call off October mentor briefing and email 1 person?")
        page.get_by_text("Priya Patel (priya@example.org)").wait_for()
        screenshot(page, "call-off-confirmation")
        assert_no_violations(page)

        message = page.get_by_label("Message to those holding places (optional)")
        message.fill("Our speaker is unwell.")
        message.press("Enter")
        message.press_sequentially("A new date follows soon.")
        page.wait_for_timeout(300)
        assert Event.objects.get(pk=briefing.pk).called_off_at is None

        page.get_by_role("button", name="Call off and email 1 person").click()
        page.get_by_text(
            "October mentor briefing is called off. 1 person holding a place"
        ).wait_for()
        assert page.url.endswith(reverse("admin:mentoring_event_change", args=[briefing.pk]))
        page.get_by_text("Our speaker is unwell.").wait_for()
        screenshot(page, "call-off-done")
        assert_no_violations(page)
    finally:
        office.close()

    event = Event.objects.get(pk=briefing.pk)
    assert event.called_off_by == cast.coordinator
    assert event.call_off_message == "Our speaker is unwell.\nA new date follows soon."

    mentor = browser.new_context(base_url=live_server.url)
    mentor.set_default_timeout(10_000)
    page = mentor.new_page()
    try:
        sign_in(page, priya.email, PASSWORD)
        page.goto(reverse("events"))
        card = page.get_by_role("region", name="October mentor briefing")
        card.get_by_text("Called off", exact=True).wait_for()
        card.get_by_text("A new date follows soon.").wait_for()
        assert card.get_by_role("button").count() == 0
        # Nothing to press on it but the way to the briefing with a place, wherever it is listed.
        links = card.get_by_role("link")
        assert links.count() == 1
        assert links.get_attribute("href").startswith("#event-")
        screenshot(page, "call-off-events-page")
        assert_no_violations(page)
    finally:
        mentor.close()
