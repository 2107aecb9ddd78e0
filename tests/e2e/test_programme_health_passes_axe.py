"""Programme health, at a desktop's width and a phone's, passes axe: a link inside a
sentence is underlined."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.conftest import axe_report, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}  # WCAG 1.4.10: 320 CSS px with no sideways scrolling

DESKTOP = {"width": 1280, "height": 900}


def sign_in_office(page, cast):
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
def test_axe_finds_nothing_on_programme_health(page, cast, viewport):
    """Programme health (admin:mentoring_pairhealth_changelist): its introduction links to
    "Write to a group" inside a sentence, in the admin's link colour with no underline, which
    axe reports (link-in-text-block): someone who cannot tell the colours apart does not see
    there is a link. templates/admin/mentoring/pairhealth/change_list.html; static/css/admin.css
    underlines such links elsewhere (breadcrumbs, "Show all", the start page) but not here."""
    page.set_viewport_size(viewport)
    sign_in_office(page, cast)
    page.goto(reverse("admin:mentoring_pairhealth_changelist"))
    page.get_by_role("heading", level=1, name="Programme health").wait_for()

    violations = Axe().run(page).response["violations"]
    assert not violations, axe_report(violations)
