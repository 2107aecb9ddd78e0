"""Pages fit a 320 px phone without scrolling sideways (WCAG 1.4.10): the office's
confirmations, whose Yes wraps; survey results and the programme report, whose tables scroll
within themselves; a meeting's online link and an application's answers, long words
broken."""

import pytest
from django.urls import reverse

from mentoring.models import Audience, EventKind
from mentoring.services.line_managers import line_manager_answer
from tests.e2e.conftest import assert_accessible, sign_in
from tests.every_page import furnish
from tests.factories import (
    PASSWORD,
    EventFactory,
    MeetingFactory,
    MentorFactory,
    UserFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}  # WCAG 1.4.10: 320 CSS px with no sideways scrolling


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


TEAMS = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ4ZDRiYjAtYzE5Yi00ZDNjLWE0NzctZjg2"
    "ZDk0ZTJkYjc1%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22"
    "%2c%22Oid%22%3a%22d3ae3a0a-2c1b-4d0e-9b28-2b5c6c3b2a1f%22%7d"
)


def sign_in_office(page, cast):
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)


def test_a_bulk_confirmation_fits_a_320_px_phone(page, cast):
    """A coordinator on a phone puts an application on the waiting list from the list: the
    confirmation's "Yes, put on the waiting list and email 1 applicant" is an
    <input type=submit>, which never wraps, so it is wider than the screen; the page scrolls
    sideways and the end of the button that emails someone is cut off. Every confirmation of
    the office shares the form (templates/admin/includes/confirm_form.html). It should wrap
    and fit, as the lists and start page already do."""
    application = MentorFactory(
        programme=cast.programme, applicant=UserFactory(full_name="Wendy Waiting")
    )
    page.set_viewport_size(NARROW)
    sign_in_office(page, cast)
    page.goto(reverse("admin:mentoring_mentorapplication_changelist"))
    page.locator(f"input[name='_selected_action'][value='{application.pk}']").check(force=True)
    page.locator("select[name='action']").select_option("waitlist")
    page.locator("button[name='index']").first.click()
    page.get_by_role("heading", level=1, name="Put 1 application on the waiting list?").wait_for()

    assert overflow(page) <= 0


def test_survey_results_fit_a_320_px_phone(page, cast):
    """The results of a closed survey at 320 px: the "Who was asked, and how many answered"
    table (templates/admin/evaluation/survey/results.html, .survey-table) is wider than the
    content box, so the whole page scrolls sideways by a few pixels and the "Response rate"
    column is cut at the edge. It should fit (or scroll within its own box, which the
    keyboard reaches: a box that held nothing focusable and took no focus could be scrolled
    by touch or mouse alone, and axe found it, "scrollable-region-focusable")."""
    scene = furnish(cast)
    page.set_viewport_size(NARROW)
    sign_in_office(page, cast)
    page.goto(reverse("admin:evaluation_survey_results", args=[scene.closed_survey_id]))
    page.get_by_text("Who was asked, and how many answered").first.wait_for()

    assert overflow(page) <= 0
    out_of_reach = page.evaluate(
        """() => [...document.querySelectorAll('#content *')].filter(box => {
            const style = getComputedStyle(box);
            return ['auto', 'scroll'].includes(style.overflowX)
              && box.scrollWidth > box.clientWidth
              && box.tabIndex < 0
              && !box.querySelector('a[href], button, input, select, textarea, [tabindex]');
          }).map(box => box.className)"""
    )
    assert out_of_reach == []
    region = page.get_by_role("region", name="Who was asked, and how many answered")
    region.focus()
    page.keyboard.press("ArrowRight")
    # The browser scrolls after the key, in a frame of its own (smoothly, where it may).
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    assert_accessible(page)


def _report_with_an_event_at_320_px(page, cast):
    """The coordinator opens, at 320 px, the report of a programme with a group evaluation
    event ("End of pilot workshop")."""
    furnish(cast)
    EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="End of pilot workshop",
    )
    page.set_viewport_size(NARROW)
    sign_in_office(page, cast)
    page.goto(reverse("programme_report", args=[cast.programme.slug]))


def test_the_programme_report_fits_a_320_px_phone(page, cast):
    """The programme report at 320 px scrolls sideways: .report-figures tables have
    min-width 18rem plus a 1.5rem right margin (static/css/report.css), 312 px beside the
    15 px padding, wider than the screen. And the table of group evaluation and learning
    events (Event, Date, Registered, Attended) is 16 px wider than the screen. It should fit
    at 320 px, the events table scrolling within a box the keyboard reaches, as the survey
    results' tables do."""
    _report_with_an_event_at_320_px(page, cast)
    page.get_by_role("heading", level=2, name="Recruitment and briefing").wait_for()
    page.get_by_role("rowheader", name="End of pilot workshop").wait_for()

    assert overflow(page) <= 0
    assert_accessible(page)


def test_the_reports_events_table_keeps_its_name_in_view_and_event_names_readable_at_320_px(
    page, cast
):
    """Scrolled sideways on a phone, the events table's name ("Registration and attendance",
    its caption) went with it, out of view; and its event names wrapped a word a line. The
    name stands before the box now, the box still named by it, and an event's name keeps a
    readable width."""
    _report_with_an_event_at_320_px(page, cast)
    region = page.get_by_role("region", name="Registration and attendance")
    region.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle(), timeout=5000)

    name = page.get_by_text("Registration and attendance", exact=True).bounding_box()
    assert name["x"] >= region.bounding_box()["x"]  # not scrolled away with the table
    event = page.get_by_role("rowheader", name="End of pilot workshop").bounding_box()
    assert event["width"] >= 150
    assert overflow(page) <= 0
    assert_accessible(page)


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_a_meeting_with_a_teams_link_fits_a_320_px_phone(page, cast, role):
    """A pair meets online and pastes the Teams link (a single ~250-character word) as the
    "Online link". On the meeting's page (templates/mentoring/meeting_detail.html: "Online:
    <a>{{ meeting.online_url }}</a>") the link is never broken, so on a 320 px phone the whole
    page scrolls sideways by hundreds of pixels and the text runs off screen. The link should
    wrap (e.g. class="text-break"), as the shared purpose's blockquote already does."""
    meeting = MeetingFactory(match=cast.pair, online_url=TEAMS, location="")
    page.set_viewport_size(NARROW)
    sign_in(page, getattr(cast, role).email, PASSWORD)
    page.goto(reverse("meeting_detail", args=[meeting.pk]))
    page.get_by_role("link", name=TEAMS).wait_for()

    assert overflow(page) <= 0


def test_a_sent_application_with_a_link_in_it_fits_a_320_px_phone(page, cast):
    """A mentor reads back the application they sent at /apply/ on a phone. Their bio and
    statement name an intranet page by its address, as people do; the answers' <dd>
    (templates/mentoring/includes/application_answers.html) do not break a long word, so
    the page scrolls sideways at 320 px and the end of each answer is off screen. The
    answers should wrap (overflow-wrap: anywhere / class="text-break")."""
    application = cast.pair.mentor
    application.bio = (
        "More about me: https://intranet.example.org/people/staff-directory/profiles/"
        "priya-patel-equality-network-chair and my blog."
    )
    application.save(update_fields=["bio"])
    page.set_viewport_size(NARROW)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("apply"))
    page.get_by_text("More about me:").wait_for()

    assert overflow(page) <= 0


def test_where_an_application_stands_wraps_at_320_px(page, cast):
    """Olu's line manager said no: the badge "Your line manager did not agree" (Bootstrap's
    badges never wrap) ran off the screen on his dashboard, the programme page and /apply/,
    cut to "did not agre"."""
    asked = line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org")
    line_manager_answer(request=asked, agreed=False, reason="Not this year.", answered_by=None)
    page.set_viewport_size(NARROW)
    sign_in(page, cast.outsider.email, PASSWORD)

    for url in (reverse("dashboard"), cast.programme.get_absolute_url(), reverse("apply")):
        page.goto(url)
        page.get_by_text("Your line manager did not agree").first.wait_for()
        assert overflow(page) <= 0, url
        assert_accessible(page)
