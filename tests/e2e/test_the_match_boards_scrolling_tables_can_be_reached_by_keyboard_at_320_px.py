"""In the browser, at a phone's 320 px: a table of the match board wider than the window
scrolls in its own box, and a box whose table holds only text (the long names of "Active
pairs") takes the keyboard's focus and is named by its table's caption, so axe finds nothing
(scrollable-region-focusable) and someone without a mouse can still scroll it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from mentoring.models import MatchStatus
from tests.e2e.conftest import NARROW, axe_report, sign_in
from tests.factories import (
    PASSWORD,
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_match_boards_scrolling_tables_can_be_reached_by_keyboard_at_320_px(page, cast):
    MatchFactory(
        mentor=MentorFactory(
            programme=cast.programme,
            applicant=UserFactory(full_name="Maximilienne Featherstonehaugh-Cholmondeley"),
        ),
        board_member=BriefedBoardMemberFactory(
            programme=cast.programme,
            user=UserFactory(full_name="Bartholomew Montgomery-Worthington-Smythe"),
        ),
        status=MatchStatus.ACTIVE,
    )
    page.set_viewport_size(NARROW)
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)
    page.goto(reverse("admin:matching_board", args=[cast.programme.pk]))

    violations = Axe().run(page).response["violations"]

    assert not violations, axe_report(violations)
    active = page.get_by_role("region", name="Active pairs, each with the day it began")
    active.focus()
    assert active.evaluate("box => box.scrollWidth > box.clientWidth")
    assert active.evaluate("box => box === document.activeElement")
    assert active.evaluate("box => getComputedStyle(box).outlineStyle") != "none"
