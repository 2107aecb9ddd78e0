"""In the browser, the office's confirmations and forms sent back
with errors follow the project's rules: one error summary at the top, focus moved to it,
each message read with its field, limits read with their field, and words meant for the
office (not for an applicant)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import OutboxMessage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_office(page, cast):
    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)


# What a field's aria-describedby reads out (on the field, or the fieldset holding it); a
# reference to an id that is not on the page reads nothing and is listed under `missing`.
DESCRIBED = """(field) => {
  const ids = [field, field.closest('fieldset')].filter(Boolean)
    .flatMap(el => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean));
  return {
    said: ids.map(id => document.getElementById(id)?.innerText || '').join(' | '),
    missing: ids.filter(id => !document.getElementById(id)),
  };
}"""


def ask_a_line_manager_again(page, waiting):
    page.goto(reverse("admin:mentoring_linemanagerrequest_changelist"))
    page.locator(f"input[name='_selected_action'][value='{waiting.pk}']").check()
    page.locator("select[name='action']").select_option("send_again")
    page.get_by_role("button", name="Go").click()


@pytest.fixture
def lena_waiting(cast):
    return line_manager_asked(
        cast.programme,
        UserFactory(full_name="Lena Late", email="lena@example.org"),
        "lee@example.org",
    )


def test_a_wrong_line_manager_address_starts_at_an_error_summary_with_the_focus(
    page, cast, lena_waiting
):
    """The office corrects the address on "Send again" and types one that is refused: the
    page comes back with the project's error summary (focus moved to it, "Error: " in the
    title), whose link puts the cursor in the address box; the box says what is wrong."""
    sign_in_office(page, cast)
    ask_a_line_manager_again(page, lena_waiting)
    page.get_by_label("Line manager's address").fill("lena@example.org")
    page.get_by_role("button", name="Yes, email 1 line manager").click()
    page.locator("[data-error-summary]").wait_for()

    assert not OutboxMessage.objects.exists()
    assert page.locator("[data-error-summary]").count() == 1
    assert page.locator(".errornote").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), (
        "focus is not moved to the summary"
    )
    assert page.title().startswith("Error: "), page.title()
    box = page.get_by_label("Line manager's address")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert "This is Lena Late's own address" in box.evaluate(DESCRIBED)["said"], (
        "the refusal is not read with the address box"
    )
    page.locator("[data-error-summary] a").click()
    expect(box).to_be_focused()
    assert_accessible(page)


def test_a_refused_line_manager_address_is_explained_to_the_office_not_to_the_applicant(
    page, cast, lena_waiting
):
    """The coordinator typed the applicant's address by mistake: the page must say it is
    the applicant's (Lena Late's) address, not "This is your own address ... your line
    manager's", words written for the applicant that are untrue for the coordinator."""
    sign_in_office(page, cast)
    ask_a_line_manager_again(page, lena_waiting)
    page.get_by_label("Line manager's address").fill("lena@example.org")
    page.get_by_role("button", name="Yes, email 1 line manager").click()
    page.get_by_role("button", name="Yes, email 1 line manager").wait_for()
    page.wait_for_load_state("load")

    said = page.locator("#content").inner_text()
    assert "This is your own address" not in said, said[:600]
    assert "your line manager" not in said, said[:600]
    assert "This is Lena Late's own address (or an alias of it): give their line manager's." in said


def test_the_limits_of_a_programmes_themes_and_key_dates_are_read_with_their_boxes(page, cast):
    """A theme's name (100), description (300) and a key date's label (120) have limits,
    written under their column headings. Each box points at its limit with aria-describedby
    ("id_themes-0-name_helptext"), but no element has that id: a screen reader, which reads a
    box on its own, not under its column, never hears the limit."""
    sign_in_office(page, cast)
    page.goto(reverse("admin:mentoring_programme_change", args=[cast.programme.pk]))

    unread = {}
    for name in ("themes-0-name", "themes-0-description", "key_dates-0-label"):
        box = page.locator(f"[name='{name}']")
        limit = f"{int(box.get_attribute('maxlength')):,}"
        described = box.evaluate(DESCRIBED)
        if limit not in described["said"]:
            unread[name] = described
    assert unread == {}, f"limits not read with their boxes (said, missing ids): {unread}"


def test_a_too_long_call_off_message_is_read_with_its_box(page, cast):
    """The message to those holding places, sent back too long: the summary links to it and
    the message is beside it, but the box's aria-describedby names only its help, so a
    screen reader in the box hears the limit and not that it was broken (every other office
    field reads its error)."""
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    event = EventFactory(
        programme=cast.programme,
        starts_at=starts + timedelta(days=14),
        ends_at=starts + timedelta(days=14, hours=3),
    )
    RegistrationFactory(event=event, person=cast.mentor)
    sign_in_office(page, cast)
    page.goto(reverse("admin:mentoring_event_call_off", args=[event.pk]))
    box = page.get_by_label("Message to those holding places (optional)")
    box.evaluate("(el) => el.removeAttribute('maxlength')")
    box.fill("x" * 1_001)
    page.get_by_role("button", name="Call off and email 1 person").click()
    page.locator("[data-error-summary]").wait_for()

    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    message = page.locator("[data-error-summary] li").first.inner_text()
    said = box.evaluate(DESCRIBED)["said"]
    assert message in said, f"the box is described by {said!r}, not {message!r}"


def test_a_missing_start_of_an_event_is_read_with_its_date_box(page, cast):
    """An event saved without its start: the summary links to the date box of "Starts at"
    (id_starts_at_0), which is marked invalid but described by nothing, so the message is
    not read with it (the title, the place... all read theirs)."""
    sign_in_office(page, cast)
    page.goto(reverse("admin:mentoring_event_add"))
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("[data-error-summary]").wait_for()

    link = page.locator("[data-error-summary] a[href='#id_starts_at_0']")
    message = link.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_starts_at_0"
    said = page.locator("#id_starts_at_0").evaluate(DESCRIBED)["said"]
    assert message in said, f"the date box is described by {said!r}, not {message!r}"


# --- the place, as every field -------------------------------------------------------------


def test_an_event_sent_back_without_a_place_reads_the_error_with_the_place(page, cast):
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    event = EventFactory(
        programme=cast.programme,
        starts_at=starts + timedelta(days=14),
        ends_at=starts + timedelta(days=14, hours=3),
    )
    sign_in_office(page, cast)
    page.goto(reverse("admin:mentoring_event_change", args=[event.pk]))
    page.get_by_label("Place").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("[data-error-summary]").wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Error: ")
    said = page.get_by_label("Place").evaluate(DESCRIBED)["said"]
    assert "Give the event a place, an online link, or both." in said
    assert_accessible(page)
