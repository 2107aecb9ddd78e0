"""In the browser: the admin pages a coordinator works in pass axe, on a desk and on a phone.

The coordinator signs in through the real second-factor step, then axe runs on the add and
change pages of each thing they set up (programmes, grades, boards, events, conflicts of
interest, briefing exemptions), the matching settings, a pair's page, the match board, a
member's request waiting for a decision and the start page; and the confirmation shown
before an event people hold places at changes its place (and its "No, go back").
"""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchingSettings
from mentoring.models import Audience, BriefingExemption
from mentoring.services.pairs import pair_request_raise
from tests.e2e.conftest import axe_report, sign_in
from tests.factories import (
    PASSWORD,
    BoardFactory,
    BriefedBoardMemberFactory,
    ConflictOfInterestFactory,
    CoordinatorFactory,
    EventFactory,
    GradeFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def office_pages(db):
    """Every admin page to check, with one of each thing so the change pages exist."""
    programme = ProgrammeFactory(name="2026/27 pilot", themes=["Anti-racism", "Culture change"])
    mentor = MentorFactory(
        programme=programme, applicant=UserFactory(full_name="Priya Patel"), department="Finance"
    )
    member = BriefedBoardMemberFactory(
        programme=programme, user=UserFactory(full_name="Grace Okafor"), themes=[]
    )
    member.themes.set(programme.themes.all())
    other = BriefedBoardMemberFactory(programme=programme, user=UserFactory(full_name="Hal Hughes"))
    proposal = MatchFactory(mentor=mentor, board_member=other)
    grade = GradeFactory(name="Grade 6")
    board = BoardFactory(name="Provost's Board")
    event = EventFactory(programme=programme, audience=Audience.MENTORS)
    conflict = ConflictOfInterestFactory(mentor=mentor.applicant, board_member=other.user)
    exemption = BriefingExemption.objects.create(
        programme=programme, person=mentor.applicant, note="Briefed one-to-one.", recorded_by=None
    )
    settings = MatchingSettings.for_programme(programme)
    active = MatchFactory(mentor=mentor, board_member=member, status="active")
    request = pair_request_raise(match=active, person=member.user, kind="end", note="")

    def pair(model: str, obj) -> list[str]:
        return [reverse(f"admin:{model}_add"), reverse(f"admin:{model}_change", args=[obj.pk])]

    return [
        *pair("mentoring_programme", programme),
        *pair("mentoring_grade", grade),
        *pair("mentoring_board", board),
        *pair("mentoring_event", event),
        *pair("matching_conflictofinterest", conflict),
        *pair("mentoring_briefingexemption", exemption),
        reverse("admin:matching_matchingsettings_changelist"),
        # Lists that edit a column in place (the position of each grade and board).
        reverse("admin:mentoring_grade_changelist"),
        reverse("admin:mentoring_board_changelist"),
        reverse("admin:matching_matchingsettings_change", args=[settings.pk]),
        reverse("admin:mentoring_match_change", args=[proposal.pk]),
        reverse("admin:matching_board", args=[programme.pk]),
        reverse("admin:mentoring_pairrequest_change", args=[request.pk]),
        reverse("admin:index"),  # the start page, with the requests waiting
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_axe_finds_nothing_on_the_admin_pages_coordinators_use(
    browser, live_server, office_pages, viewport
):
    coordinator = CoordinatorFactory(email="office@example.org")
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
        found = {}
        for url in office_pages:
            response = page.goto(url)
            assert response.status == 200, url
            results = Axe().run(page)
            if results.response["violations"]:
                found[url] = axe_report(results.response["violations"])
    finally:
        context.close()

    assert not found, "axe found violations:\n" + "\n".join(
        f"--- {url}\n{report}" for url, report in found.items()
    )


def test_axe_finds_nothing_on_the_confirmation_before_an_event_changes_its_place(
    browser, live_server
):
    coordinator = CoordinatorFactory(email="office@example.org")
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    event = EventFactory(
        starts_at=starts + timedelta(days=14), ends_at=starts + timedelta(days=14, hours=3)
    )
    RegistrationFactory(event=event, person=UserFactory(full_name="Priya Patel"))
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
        page.goto(reverse("admin:mentoring_event_change", args=[event.pk]))
        page.get_by_label("Place").fill("Room 2.14, Library")
        page.get_by_role("button", name="Save", exact=True).click()
        yes = page.get_by_role("button", name="Yes, save and email 1 person")
        yes.wait_for()
        violations = Axe().run(page).response["violations"]
        assert not violations, axe_report(violations)

        # "No, go back": the change page again, with what was typed, nothing saved yet.
        page.get_by_role("button", name="No, go back").click()
        page.get_by_text("Nothing was saved.").wait_for()
        assert page.get_by_label("Place").input_value() == "Room 2.14, Library"
        event.refresh_from_db()
        assert event.sequence == 0
        page.get_by_role("button", name="Save", exact=True).click()
        yes.click()
        page.wait_for_url("**/mentoring/event/")
    finally:
        context.close()
    event.refresh_from_db()
    assert (event.location, event.sequence) == ("Room 2.14, Library", 1)
