"""Where a mentor has no briefing to take, the events page tells them to ask the programme
office about another date as the dashboard's "Next:" does: with the office's address, linked.
The call-off email says it in the same words, without the address."""

import pytest
from django.urls import reverse

from mentoring.services.events import event_call_off
from tests.briefings import cast_briefings_held
from tests.cast import browser_of
from tests.factories import EventFactory, MentorApplicationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def office_linked(programme) -> str:
    office = programme.contact_email
    return f'at <a href="mailto:{office}">{office}</a>.'


@pytest.fixture
def applied(cast, priya):
    """Priya has applied to the cast's pilot and is still to be briefed; the cast's own
    briefings are over."""
    cast_briefings_held(cast)
    MentorApplicationFactory(programme=cast.programme, applicant=priya)
    return priya


def card_of(content: str, title: str) -> str:
    start = content.index(f">{title}</h2>")
    return content[start : content.index("</section>", start)]


def test_a_full_briefing_links_the_office_to_ask_about_another_date(cast, applied):
    briefing = EventFactory(programme=cast.programme, title="March briefing", capacity=1)
    RegistrationFactory(event=briefing, person=cast.outsider)  # its one place, taken

    card = card_of(browser_of(applied).get(reverse("events")).content.decode(), "March briefing")

    assert (
        "or ask the programme office about another date, " + office_linked(cast.programme) in card
    )
    # The dashboard's "Next:" links the same address.
    dashboard = browser_of(applied).get(reverse("dashboard")).content.decode()
    assert "about a briefing date, " + office_linked(cast.programme) in dashboard


def test_a_briefing_called_off_with_no_other_links_the_office_to_ask_about_another_date(
    cast, applied, mailoutbox, django_capture_on_commit_callbacks
):
    briefing = EventFactory(programme=cast.programme, title="March briefing")
    RegistrationFactory(event=briefing, person=applied)
    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=briefing, by=cast.coordinator, message="")

    card = card_of(browser_of(applied).get(reverse("events")).content.decode(), "March briefing")

    assert (
        "No other briefing has a place just now: ask the programme office about another date, "
        + office_linked(cast.programme)
        in card
    )
    [email] = [mail for mail in mailoutbox if mail.to == [applied.email]]
    assert "ask the programme office about another date." in email.body
