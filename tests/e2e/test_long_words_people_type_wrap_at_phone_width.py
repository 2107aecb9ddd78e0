"""What people type wraps at a 320 px phone (WCAG 1.4.10) however long its words: a meeting's
place given as the room booking's intranet address, the reason its time changed, its notes
and action steps, a survey answer on "Check your answers" and a note to the programme office
on its confirmation. One rule in static/css/site.css wraps all text in <main>, so no element
is left to scroll the page sideways."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MeetingNote, MeetingStatus
from tests.e2e.conftest import NARROW, assert_accessible, overflow, sign_in
from tests.factories import (
    PASSWORD,
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db(transaction=True)

INTRANET = (
    "https://intranet.example.org/sites/estates/rooms/booking/MainBuilding-Floor2-Room2.14"
    "-ReverseMentoring-QuietRoom-KeyFromReception"
)


def assert_fits(page) -> None:
    """Nothing to scroll sideways; if there is, say which elements in <main> are too wide."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
          .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
          .map(e => e.tagName + ': ' + e.innerText.slice(0, 50))"""
    )
    assert overflow(page) <= 0, f"{page.url} scrolls sideways by {overflow(page)} px: {wide}"


@pytest.mark.parametrize("role", ["mentor", "board_member"])
@pytest.mark.parametrize("where", ["meetings", "match", "dashboard", "upcoming", "held", "log"])
def test_a_meetings_place_notes_and_steps_naming_an_address_fit_320_px(page, cast, role, where):
    """Maya pastes the room booking's intranet address as the meeting's "Place", and names
    it in the reason the time changed, in her notes and in an action step. Every page of
    the pair's showing them wraps it at 320 px."""
    agree_ground_rules(cast.pair)
    upcoming = MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(days=9),
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.mentor,
        location=INTRANET,
        change_reason=f"The old room is gone, see {INTRANET}",
    )
    held = HeldMeetingFactory(
        match=cast.pair, starts_at=timezone.now() - timedelta(days=20), location=INTRANET
    )
    ActionStepFactory(meeting=held, match=cast.pair, text=f"Read {INTRANET}")
    MeetingNote.objects.create(meeting=held, author=cast.mentor, text=f"See {INTRANET}")
    page.set_viewport_size(NARROW)
    sign_in(page, getattr(cast, role).email, PASSWORD)

    page.goto(
        {
            "upcoming": reverse("meeting_detail", args=[upcoming.pk]),
            "held": reverse("meeting_detail", args=[held.pk]),
            "log": reverse("meeting_log", args=[held.pk]),
        }.get(where)
        or reverse(where)
    )
    if where == "held":
        expect(page.locator("blockquote", has_text=f"See {INTRANET}")).to_be_visible()

    assert_fits(page)


def test_checking_a_survey_answer_that_names_an_address_fits_320_px(page, cast):
    """Bola's suggestion in the evaluation survey names an intranet page; "Check your
    answers" wraps it at 320 px."""
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    add_one_question_of_each_kind(survey, required=False)
    page.set_viewport_size(NARROW)
    sign_in(page, cast.board_member.email, PASSWORD)
    page.goto(reverse("survey_answer", args=[survey.pk]))
    page.get_by_label("What should we change?").fill(f"Put the guidance at {INTRANET}")
    page.get_by_role("button", name="Continue to check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")

    assert_fits(page)
    assert_accessible(page)


def test_confirming_a_note_to_the_office_that_names_an_address_fits_320_px(page, cast):
    """Maya raises a concern and names the policy's intranet page; "Send this to the
    programme office?" wraps her note at 320 px."""
    agree_ground_rules(cast.pair)
    page.set_viewport_size(NARROW)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("pair_request", args=[cast.pair.pk]))
    page.get_by_label("Raise a concern with the programme office").check()
    page.get_by_label("A note for the programme office").fill(f"About {INTRANET}")
    page.get_by_role("button", name="Send to the programme office").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send this to the programme office?")

    assert_fits(page)
    assert_accessible(page)
